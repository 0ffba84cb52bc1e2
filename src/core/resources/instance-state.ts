/**
 * @module core/resources/instance-state — the simulated EC2 instances' state and its decisions.
 *
 * An instance starts `running`; StartInstances, StopInstances and TerminateInstances change the
 * state kept in the store (`ec2:state:<instance id>`, no expiry), so every gateway sharing one
 * Redis shows the same state. Each action is decided by the policy engine on the instance ARN with
 * the instance's tags as `aws:ResourceTag/*` and `ec2:ResourceTag/*` (AWS "Actions, resources, and
 * condition keys for Amazon EC2").
 */
import { BridgeError } from '../../errors.js';
import type { Decision } from '../../policy/index.js';
import type { Caller } from '../caller.js';
import type { Instance } from '../directory-types.js';
import type { KeyValueStore } from '../ports.js';
import type { RequestEnvironment } from '../request-context.js';
import type { StsServices } from '../services.js';

export type InstanceState = 'running' | 'stopped' | 'terminated';
export type InstanceAction = 'start' | 'stop' | 'terminate';

export const INSTANCE_ACTIONS: Readonly<Record<InstanceAction, { readonly iamAction: string; readonly from: readonly InstanceState[]; readonly to: InstanceState }>> = {
  start: { iamAction: 'ec2:StartInstances', from: ['stopped', 'running'], to: 'running' },
  stop: { iamAction: 'ec2:StopInstances', from: ['running', 'stopped'], to: 'stopped' },
  terminate: { iamAction: 'ec2:TerminateInstances', from: ['running', 'stopped', 'terminated'], to: 'terminated' },
};

const stateKey = (instanceId: string) => `ec2:state:${instanceId}`;

export function isInstanceAction(value: string): value is InstanceAction {
  return Object.hasOwn(INSTANCE_ACTIONS, value);
}

export async function instanceState(store: KeyValueStore, instance: Instance): Promise<InstanceState> {
  const value = await store.get(stateKey(instance.id));
  return value === 'stopped' || value === 'terminated' ? value : 'running';
}

/** The policy decision for an EC2 action on one instance (or `*` for DescribeInstances). */
export function authorizeEc2(services: Pick<StsServices, 'authorizer'>, caller: Caller, action: string, instance: Instance | undefined, env: RequestEnvironment): Decision {
  const context: Record<string, string> = {};
  if (instance) {
    context['aws:ResourceAccount'] = instance.account;
    for (const [tag, value] of Object.entries(instance.tags)) {
      context[`aws:ResourceTag/${tag}`] = value;
      context[`ec2:ResourceTag/${tag}`] = value;
    }
  }
  return services.authorizer.authorize({
    caller,
    action,
    resource: instance ? instance.arn : '*',
    ...(instance ? { resourceAccount: instance.account } : {}),
    env,
    context,
  });
}

/** Applies an allowed action: the new state, or IncorrectInstanceState (a terminated instance stays terminated). */
export async function changeInstanceState(store: KeyValueStore, instance: Instance, action: InstanceAction): Promise<InstanceState> {
  const rule = INSTANCE_ACTIONS[action];
  const current = await instanceState(store, instance);
  if (!rule.from.includes(current)) {
    throw new BridgeError('VALIDATION', { message: `The instance ${instance.id} is ${current} and cannot be ${action === 'start' ? 'started' : 'stopped'}.` });
  }
  await store.set(stateKey(instance.id), rule.to);
  return rule.to;
}
