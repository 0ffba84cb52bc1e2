/**
 * @module sts/actions/get-access-key-info — STS GetAccessKeyInfo.
 */
import { accessKeyInfo } from '../../core/index.js';
import { defineAction } from '../action.js';
import { required } from '../common-params.js';

export const getAccessKeyInfoAction = defineAction({
  name: 'GetAccessKeyInfo',
  auth: 'sigv4',
  parse: (params) => ({ accessKeyId: required(params, 'AccessKeyId', 'accessKeyId') }),
  async run(input, context) {
    const { account } = await accessKeyInfo(context.services, input.accessKeyId);
    return { Account: account };
  },
});
