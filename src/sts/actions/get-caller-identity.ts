/**
 * @module sts/actions/get-caller-identity — STS GetCallerIdentity: no permission needed (sts.md §3.6).
 */
import { callerIdentity } from '../../core/index.js';
import { defineAction, requireCaller } from '../action.js';

export const getCallerIdentityAction = defineAction({
  name: 'GetCallerIdentity',
  auth: 'sigv4',
  parse: () => ({}),
  async run(_input, context) {
    const identity = callerIdentity(requireCaller(context));
    return { UserId: identity.userId, Account: identity.account, Arn: identity.arn };
  },
});
