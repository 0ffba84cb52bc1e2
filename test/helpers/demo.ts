/**
 * Test helper: the demo configuration's accounts, keys and roles (README "Demo values").
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

export const ALICE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
export const BOB = { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
export const ADMIN = { accessKeyId: 'AKIAIOSFODNN7ADMIN00', secretAccessKey: 'Adm1nExampleKeyDoNotUseInProduction+0000' };
export const AUDITOR = { accessKeyId: 'AKIAI3RDPARTYEXAMPLE', secretAccessKey: 'ThirdPartyExampleSecretKeyDoNotUse000000' };
export const ALICE_MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/alice';
export const ALICE_MFA_SEED = 'JBSWY3DPEHPK3PXP';

export const UPDATE_APP = 'arn:aws:iam::222222222222:role/UpdateAPP';
export const CRITICAL_OPS = 'arn:aws:iam::222222222222:role/CriticalOps';
export const THIRD_PARTY_AUDITOR = 'arn:aws:iam::222222222222:role/ThirdPartyAuditor';
export const PRODUCTION_READ_ONLY = 'arn:aws:iam::222222222222:role/ProductionReadOnly';
export const EXTERNAL_ID = 'Audit-7f3c9e';

export function stsClient(url: string, credentials: AwsCredentialIdentity, extra: { systemClockOffset?: number } = {}): STSClient {
  return new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}

export function credentialsOf(result: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }): AwsCredentialIdentity {
  const c = result.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials in result');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Asserts an SDK call fails and returns the error for inspection. */
export async function sdkError(promise: Promise<unknown>): Promise<Error & { name: string; $metadata: { httpStatusCode?: number; requestId?: string }; Code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string; $metadata: { httpStatusCode?: number; requestId?: string } };
  }
  throw new Error('expected the call to fail');
}
