/**
 * @module core/identity-queries — GetCallerIdentity, GetAccessKeyInfo, DecodeAuthorizationMessage.
 */
import { BridgeError } from '../errors.js';
import { decodeAuthorizationMessage as unseal } from './authorization-message.js';
import { callerUserId, type Caller } from './caller.js';
import { accountOfAccessKeyId } from './credential-codec.js';
import { deny } from './denial.js';
import { principalContextOf, type RequestEnvironment } from './request-context.js';
import type { StsServices } from './services.js';
import { checkLength, checkPattern } from './validation.js';

/** Needs no permission and cannot be denied by policy (sts.md §3.6). */
export function callerIdentity(caller: Caller): { userId: string; account: string; arn: string } {
  return { userId: callerUserId(caller), account: caller.account, arn: caller.arn };
}

export async function accessKeyInfo(services: StsServices, accessKeyId: string): Promise<{ account: string }> {
  checkLength('accessKeyId', accessKeyId, 16, 128);
  checkPattern('accessKeyId', accessKeyId, /^\w+$/, '[\\w]*');
  const user = services.directory.userByAccessKey(accessKeyId);
  if (user) return { account: user.user.account };
  const session = accessKeyId.startsWith('ASIA') ? await services.sessions.find(accessKeyId) : undefined;
  if (session) return { account: session.account };
  const encoded = accountOfAccessKeyId(accessKeyId);
  if (encoded) return { account: encoded };
  throw new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The access key ID is not valid.', detail: 'unknown key format' });
}

export async function decodeMessage(
  services: StsServices,
  caller: Caller,
  encodedMessage: string,
  env: RequestEnvironment,
): Promise<{ decodedMessage: string }> {
  checkLength('encodedMessage', encodedMessage, 1, 10240);
  const decision = services.authorizer.authorize({ caller, action: 'sts:DecodeAuthorizationMessage', resource: '*', env });
  if (!decision.allowed) {
    throw await deny(services, {
      message: `User: ${caller.arn} is not authorized to perform: sts:DecodeAuthorizationMessage`,
      principal: principalContextOf(caller),
      action: 'sts:DecodeAuthorizationMessage',
      resource: '*',
      context: services.authorizer.contextOf({ caller, action: 'sts:DecodeAuthorizationMessage', resource: '*', env }),
      decision,
    });
  }
  return { decodedMessage: unseal(services.keys.master, encodedMessage) };
}
