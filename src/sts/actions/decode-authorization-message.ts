/**
 * @module sts/actions/decode-authorization-message — STS DecodeAuthorizationMessage (sts.md §9).
 */
import { decodeMessage } from '../../core/index.js';
import { defineAction, requireCaller } from '../action.js';
import { required } from '../common-params.js';

export const decodeAuthorizationMessageAction = defineAction({
  name: 'DecodeAuthorizationMessage',
  auth: 'sigv4',
  parse: (params) => ({ encodedMessage: required(params, 'EncodedMessage', 'encodedMessage') }),
  async run(input, context) {
    const { decodedMessage } = await decodeMessage(context.services, requireCaller(context), input.encodedMessage, context.env);
    return { DecodedMessage: decodedMessage };
  },
});
