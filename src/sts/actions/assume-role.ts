/**
 * @module sts/actions/assume-role — STS AssumeRole (API version 2011-06-15).
 */
import { assumeRole } from '../../core/index.js';
import { defineAction, requireCaller } from '../action.js';
import { durationSeconds, optional, policyArns, required, sessionTags } from '../common-params.js';
import { credentialsStruct } from '../credentials-xml.js';

export const assumeRoleAction = defineAction({
  name: 'AssumeRole',
  auth: 'sigv4',
  parse(params) {
    return {
      roleArn: required(params, 'RoleArn', 'roleArn'),
      roleSessionName: required(params, 'RoleSessionName', 'roleSessionName'),
      ...optional('durationSeconds', durationSeconds(params)),
      ...optional('policy', params.get('Policy')),
      ...optional('policyArns', policyArns(params)),
      ...optional('tags', sessionTags(params)),
      ...optional('transitiveTagKeys', params.stringList('TransitiveTagKeys')),
      ...optional('externalId', params.get('ExternalId')),
      ...optional('serialNumber', params.get('SerialNumber')),
      ...optional('tokenCode', params.get('TokenCode')),
      ...optional('sourceIdentity', params.get('SourceIdentity')),
    };
  },
  async run(input, context) {
    const result = await assumeRole(context.services, {
      ...input,
      source: { kind: 'caller', caller: requireCaller(context) },
      env: context.env,
    });
    return {
      Credentials: credentialsStruct(result.credentials),
      AssumedRoleUser: { AssumedRoleId: result.assumedRoleId, Arn: result.arn },
      PackedPolicySize: result.packedPolicySize,
      SourceIdentity: result.sourceIdentity,
    };
  },
});
