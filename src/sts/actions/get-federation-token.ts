/**
 * @module sts/actions/get-federation-token — STS GetFederationToken.
 */
import { getFederationToken } from '../../core/index.js';
import { defineAction, requireCaller } from '../action.js';
import { durationSeconds, optional, policyArns, required, sessionTags } from '../common-params.js';
import { credentialsStruct } from '../credentials-xml.js';

export const getFederationTokenAction = defineAction({
  name: 'GetFederationToken',
  auth: 'sigv4',
  parse: (params) => ({
    name: required(params, 'Name', 'name'),
    ...optional('durationSeconds', durationSeconds(params)),
    ...optional('policy', params.get('Policy')),
    ...optional('policyArns', policyArns(params)),
    ...optional('tags', sessionTags(params)),
  }),
  async run(input, context) {
    const result = await getFederationToken(context.services, requireCaller(context), { ...input, env: context.env });
    return {
      Credentials: credentialsStruct(result.credentials),
      FederatedUser: { FederatedUserId: result.federatedUserId, Arn: result.arn },
      PackedPolicySize: result.packedPolicySize,
    };
  },
});
