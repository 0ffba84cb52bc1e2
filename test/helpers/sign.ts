/**
 * Test helper: SigV4-sign an arbitrary HTTP request with @smithy/signature-v4 (as the AWS SDKs do)
 * and return it in the shape `POST /verify` takes.
 */
import { createHash } from 'node:crypto';
import { NodeSha256 } from './node-sha256.js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface SignedForVerify {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  bodySha256: string;
}

export async function signRequest(input: {
  method: string;
  url: string;
  service: string;
  credentials: AwsCredentialIdentity;
  body?: string;
  date?: Date;
  region?: string;
}): Promise<SignedForVerify> {
  const url = new URL(input.url);
  const body = input.body ?? '';
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const signer = new SignatureV4({ service: input.service, region: input.region ?? 'us-east-1', credentials: input.credentials, sha256: NodeSha256 as never, uriEscapePath: input.service !== 's3' });
  const signed = await signer.sign(
    { method: input.method, protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), path: url.pathname, query, headers: { host: url.host, 'x-amz-content-sha256': bodySha256 }, body },
    input.date ? { signingDate: input.date } : {},
  );
  return { method: input.method, path: url.pathname, query: url.search.slice(1), headers: signed.headers as Record<string, string>, bodySha256 };
}
