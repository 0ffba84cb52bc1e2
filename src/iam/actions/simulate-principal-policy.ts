/**
 * @module iam/actions/simulate-principal-policy — IAM SimulatePrincipalPolicy: the policies of a
 * user (with its groups), group or role of the directory, plus optional PolicyInputList.
 *
 * Needs `iam:SimulatePrincipalPolicy` on the PolicySourceArn. rolegate's directory spans several
 * accounts; the permission is decided by the caller's identity policies alone (no cross-account
 * resource policy is needed to simulate an entity of another account).
 */
import { checkLength, requireString } from '../../core/index.js';
import { defineIamAction } from '../action.js';
import { parseSimulationParams, type SimulationParams } from '../params.js';
import { inputPolicy, resolvePolicySource, roleSessionPrincipal, sourcePolicies, userPrincipal } from '../principals.js';
import { runSimulation } from '../run-simulation.js';
import { checkResourcePolicyPrincipal, type SimulationSetup } from '../simulate.js';

interface Input extends SimulationParams {
  readonly policySourceArn: string;
}

export const simulatePrincipalPolicyAction = defineIamAction<Input>({
  name: 'SimulatePrincipalPolicy',
  parse(params) {
    const policySourceArn = requireString('policySourceArn', params.get('PolicySourceArn'));
    checkLength('policySourceArn', policySourceArn, 20, 2048);
    return { ...parseSimulationParams(params, { policyInputsRequired: false }), policySourceArn };
  },
  permission: (input) => ({ action: 'iam:SimulatePrincipalPolicy', resource: input.policySourceArn }),
  run(input, context) {
    const directory = context.services.directory;
    const source = resolvePolicySource(directory, context.groups, input.policySourceArn);
    const own = sourcePolicies(directory, source);
    const extra = input.policyInputs.map((text, i) => inputPolicy(text, `PolicyInputList.${i + 1}`, 'identity'));
    const boundaryText = input.boundaryInputs[0];
    // A boundary input replaces the entity's own boundary (API reference).
    const boundary = boundaryText !== undefined ? inputPolicy(boundaryText, 'PermissionsBoundaryPolicyInputList.1', 'boundary') : own.boundary;
    const resourcePolicy = input.resourcePolicy !== undefined ? inputPolicy(input.resourcePolicy, 'ResourcePolicy', 'resource') : undefined;
    const principal =
      input.callerArn !== undefined
        ? userPrincipal(input.callerArn)
        : source.kind === 'user'
          ? userPrincipal(source.user.arn)
          : source.kind === 'role'
            ? roleSessionPrincipal(source.role)
            : undefined;
    const setup: SimulationSetup = {
      identity: [...own.identity, ...extra],
      ...(boundary ? { boundary } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(principal ? { principal } : {}),
      fallbackPrincipal: { kind: 'user', account: source.account, arn: '' },
      ...(input.resourceOwner !== undefined ? { resourceOwner: input.resourceOwner } : {}),
      context: input.context,
    };
    checkResourcePolicyPrincipal(setup);
    return runSimulation(directory, input, setup);
  },
});
