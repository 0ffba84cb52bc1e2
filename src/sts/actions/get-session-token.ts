/**
 * @module sts/actions/get-session-token — STS GetSessionToken.
 */
import { getSessionToken } from '../../core/index.js';
import { defineAction, requireCaller } from '../action.js';
import { durationSeconds, optional } from '../common-params.js';
import { credentialsStruct } from '../credentials-xml.js';

export const getSessionTokenAction = defineAction({
  name: 'GetSessionToken',
  auth: 'sigv4',
  parse: (params) => ({
    ...optional('durationSeconds', durationSeconds(params)),
    ...optional('serialNumber', params.get('SerialNumber')),
    ...optional('tokenCode', params.get('TokenCode')),
  }),
  async run(input, context) {
    const credentials = await getSessionToken(context.services, requireCaller(context), { ...input, env: context.env });
    return { Credentials: credentialsStruct(credentials) };
  },
});
