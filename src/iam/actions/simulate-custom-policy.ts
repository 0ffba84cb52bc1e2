/**
 * @module iam/actions/simulate-custom-policy — IAM SimulateCustomPolicy: policies given as strings.
 *
 * Needs `iam:SimulateCustomPolicy` on `*`. Without CallerArn there is no simulated principal: a
 * ResourcePolicy is then InvalidInput and trust policies are not evaluated (see simulate.ts).
 */
import { defineIamAction } from '../action.js';
import { parseSimulationParams, type SimulationParams } from '../params.js';
import { inputPolicy, userPrincipal } from '../principals.js';
import { runSimulation } from '../run-simulation.js';
import { checkResourcePolicyPrincipal, type SimulationSetup } from '../simulate.js';

export const simulateCustomPolicyAction = defineIamAction<SimulationParams>({
  name: 'SimulateCustomPolicy',
  parse: (params) => parseSimulationParams(params, { policyInputsRequired: true }),
  permission: () => ({ action: 'iam:SimulateCustomPolicy', resource: '*' }),
  run(input, context) {
    const identity = input.policyInputs.map((text, i) => inputPolicy(text, `PolicyInputList.${i + 1}`, 'identity'));
    const boundaryText = input.boundaryInputs[0];
    const boundary = boundaryText !== undefined ? inputPolicy(boundaryText, 'PermissionsBoundaryPolicyInputList.1', 'boundary') : undefined;
    const resourcePolicy = input.resourcePolicy !== undefined ? inputPolicy(input.resourcePolicy, 'ResourcePolicy', 'resource') : undefined;
    const principal = input.callerArn !== undefined ? userPrincipal(input.callerArn) : undefined;
    const setup: SimulationSetup = {
      identity,
      ...(boundary ? { boundary } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(principal ? { principal } : {}),
      fallbackPrincipal: { kind: 'user', account: context.caller.account, arn: '' },
      ...(input.resourceOwner !== undefined ? { resourceOwner: input.resourceOwner } : {}),
      context: input.context,
    };
    checkResourcePolicyPrincipal(setup);
    return runSimulation(context.services.directory, input, setup);
  },
});
