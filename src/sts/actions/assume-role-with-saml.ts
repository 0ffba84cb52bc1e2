/**
 * @module sts/actions/assume-role-with-saml — STS AssumeRoleWithSAML (unsigned; sts.md §1.4, §5).
 *
 * The SAML assertion is checked by an injected function (composition wires the SAML adapter in;
 * this adapter never imports it). The check returns the verified, normalised facts; the one
 * assume-role use case then evaluates the trust policy with the `saml:*` keys and mints.
 */
import { assumeRole, requireString, type SessionTag } from '../../core/index.js';
import type { ContextValue } from '../../policy/index.js';
import { BridgeError } from '../../errors.js';
import { defineAction, type StsAction } from '../action.js';
import { durationSeconds, optional, policyArns, required } from '../common-params.js';
import { credentialsStruct } from '../credentials-xml.js';
import { federatedAssumeRoleRequest } from '../federated-request.js';

/** What a verified SAML assertion contributes to AssumeRoleWithSAML. */
export interface VerifiedSamlAssertion {
  readonly providerArn: string;
  readonly roleSessionName: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly persistentContext: Readonly<Record<string, ContextValue>>;
  /** Min of SessionNotOnOrAfter and the SessionDuration attribute (it can only shorten in the API). */
  readonly notAfterMs?: number;
  readonly loginId: string;
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  readonly subject: string;
  readonly subjectType: string;
  readonly issuer: string;
  /** The SubjectConfirmationData Recipient (sts.md §1.4: not the AudienceRestriction value). */
  readonly audience: string;
  readonly nameQualifier: string;
}

export type SamlAssertionCheck = (input: { readonly samlAssertion: string; readonly principalArn: string; readonly roleArn: string }) => Promise<VerifiedSamlAssertion>;

/** AWS's SAMLAssertion length limit (sts.md §2). */
const MAX_ASSERTION_CHARS = 100_000;

interface Input {
  readonly roleArn: string;
  readonly principalArn: string;
  readonly samlAssertion: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
}

export function assumeRoleWithSamlAction(check: SamlAssertionCheck): StsAction<unknown> {
  return defineAction<Input>({
    name: 'AssumeRoleWithSAML',
    auth: 'none',
    parse(params): Input {
      const samlAssertion = requireString('sAMLAssertion', params.get('SAMLAssertion'));
      if (samlAssertion.length > MAX_ASSERTION_CHARS) throw new BridgeError('SAML_TOO_LARGE');
      return {
        roleArn: required(params, 'RoleArn', 'roleArn'),
        principalArn: required(params, 'PrincipalArn', 'principalArn'),
        samlAssertion,
        ...optional('durationSeconds', durationSeconds(params)),
        ...optional('policy', params.get('Policy')),
        ...optional('policyArns', policyArns(params)),
      };
    },
    async run(input, context) {
      const verified = await check({ samlAssertion: input.samlAssertion, principalArn: input.principalArn, roleArn: input.roleArn });
      const result = await assumeRole(
        context.services,
        federatedAssumeRoleRequest(input, verified.roleSessionName, verified, {
          kind: 'federated',
          provider: verified.providerArn,
          action: 'sts:AssumeRoleWithSAML',
          context: verified.context,
          persistentContext: verified.persistentContext,
          ...(verified.notAfterMs !== undefined ? { notAfterMs: verified.notAfterMs } : {}),
          loginId: verified.loginId,
        }, context.env),
      );
      return {
        Credentials: credentialsStruct(result.credentials),
        AssumedRoleUser: { AssumedRoleId: result.assumedRoleId, Arn: result.arn },
        PackedPolicySize: result.packedPolicySize,
        Subject: verified.subject,
        SubjectType: verified.subjectType,
        Issuer: verified.issuer,
        Audience: verified.audience,
        NameQualifier: verified.nameQualifier,
        SourceIdentity: result.sourceIdentity,
      };
    },
  });
}
