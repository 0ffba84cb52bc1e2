/**
 * Test helper: hand-built, SigV4-signed STS requests (for tampering tests the SDK cannot express).
 */
import { createHash } from 'node:crypto';
import { NodeSha256 } from './node-sha256.js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface RawRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export async function signedStsRequest(
  baseUrl: string,
  credentials: AwsCredentialIdentity,
  body: string,
  options: { signingDate?: Date; region?: string; service?: string } = {},
): Promise<RawRequest> {
  const url = new URL(baseUrl);
  const signer = new SignatureV4({ service: options.service ?? 'sts', region: options.region ?? 'us-east-1', credentials, sha256: NodeSha256 as never });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded',
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
      body,
    },
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  return { method: 'POST', url: `${baseUrl}/`, headers: signed.headers as Record<string, string>, body };
}

export async function presignedStsUrl(baseUrl: string, credentials: AwsCredentialIdentity, query: Record<string, string>, expiresIn = 60): Promise<string> {
  const url = new URL(baseUrl);
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials, sha256: NodeSha256 as never });
  const presigned = await signer.presign(
    { method: 'GET', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', query, headers: { host: url.host } },
    { expiresIn },
  );
  const search = new URLSearchParams(presigned.query as Record<string, string>).toString();
  return `${baseUrl}/?${search}`;
}

export async function send(request: RawRequest): Promise<{ status: number; body: string; headers: Headers }> {
  const headers = { ...request.headers };
  delete headers['host'];
  const response = await fetch(request.url, { method: request.method, headers, ...(request.body !== undefined ? { body: request.body } : {}) });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

export function xmlValue(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
}
