/**
 * @module sts/actions/assume-role-with-web-identity — STS AssumeRoleWithWebIdentity (unsigned; sts.md §1.4, §6).
 *
 * The token is checked by an injected function (composition wires the OIDC adapter in; this adapter
 * never imports it). The check returns the verified provider, subject, audience and condition keys;
 * the one assume-role use case then evaluates the trust policy and mints.
 */
import { assumeRole, checkLength, requireString, type SessionTag } from '../../core/index.js';
import type { ContextValue } from '../../policy/index.js';
import { BridgeError } from '../../errors.js';
import { defineAction, type StsAction } from '../action.js';
import { durationSeconds, optional, policyArns, required } from '../common-params.js';
import { credentialsStruct } from '../credentials-xml.js';
import { federatedAssumeRoleRequest } from '../federated-request.js';

/** What a verified web identity token contributes to AssumeRoleWithWebIdentity. */
export interface VerifiedWebIdentityToken {
  /** The trust policy's `Federated` principal (provider ARN or `accounts.google.com` / …). */
  readonly provider: string;
  /** The response's `Provider` member. */
  readonly responseProvider: string;
  readonly subject: string;
  readonly audience: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly persistentContext: Readonly<Record<string, ContextValue>>;
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  readonly loginId: string;
}

export type WebIdentityTokenCheck = (input: { readonly token: string; readonly roleArn: string; readonly providerId?: string }) => Promise<VerifiedWebIdentityToken>;

/** AWS's WebIdentityToken length limit (4..20000, sts.md §2). */
const MAX_TOKEN_CHARS = 20_000;

interface Input {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly webIdentityToken: string;
  readonly providerId?: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
}

export function assumeRoleWithWebIdentityAction(check: WebIdentityTokenCheck): StsAction<unknown> {
  return defineAction<Input>({
    name: 'AssumeRoleWithWebIdentity',
    auth: 'none',
    parse(params): Input {
      const webIdentityToken = requireString('webIdentityToken', params.get('WebIdentityToken'));
      if (webIdentityToken.length > MAX_TOKEN_CHARS) throw new BridgeError('INVALID_IDENTITY_TOKEN', { message: 'The web identity token is too large.' });
      checkLength('webIdentityToken', webIdentityToken, 4, MAX_TOKEN_CHARS);
      const providerId = params.get('ProviderId');
      if (providerId !== undefined) checkLength('providerId', providerId, 4, 2048);
      return {
        roleArn: required(params, 'RoleArn', 'roleArn'),
        roleSessionName: required(params, 'RoleSessionName', 'roleSessionName'),
        webIdentityToken,
        ...optional('providerId', providerId),
        ...optional('durationSeconds', durationSeconds(params)),
        ...optional('policy', params.get('Policy')),
        ...optional('policyArns', policyArns(params)),
      };
    },
    async run(input, context) {
      const verified = await check({
        token: input.webIdentityToken,
        roleArn: input.roleArn,
        ...(input.providerId !== undefined ? { providerId: input.providerId } : {}),
      });
      const result = await assumeRole(
        context.services,
        federatedAssumeRoleRequest(input, input.roleSessionName, verified, {
          kind: 'federated',
          provider: verified.provider,
          action: 'sts:AssumeRoleWithWebIdentity',
          context: verified.context,
          persistentContext: verified.persistentContext,
          loginId: verified.loginId,
        }, context.env),
      );
      return {
        Credentials: credentialsStruct(result.credentials),
        SubjectFromWebIdentityToken: verified.subject,
        AssumedRoleUser: { AssumedRoleId: result.assumedRoleId, Arn: result.arn },
        PackedPolicySize: result.packedPolicySize,
        Provider: verified.responseProvider,
        Audience: verified.audience,
        SourceIdentity: result.sourceIdentity,
      };
    },
  });
}
