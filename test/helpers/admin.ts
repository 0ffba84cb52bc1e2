/**
 * Test helper: SigV4-signed calls to rolegate's admin API (signing name `rolegate`).
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import { signRequest } from './sign.js';

export async function adminCall(baseUrl: string, credentials: AwsCredentialIdentity, method: 'GET' | 'POST', pathAndQuery: string, body?: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const signed = await signRequest({ method, url: `${baseUrl}${pathAndQuery}`, service: 'rolegate', credentials, body: text });
  const headers = { ...signed.headers };
  delete headers['host'];
  const response = await fetch(`${baseUrl}${pathAndQuery}`, { method, headers, ...(method === 'POST' ? { body: text } : {}) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
