/**
 * Test helper: rolegate plus its S3-compatible listener on ephemeral ports, an S3 client factory,
 * and raw SigV4-signed requests (for the hostile tests).
 */
import type { AddressInfo } from 'node:net';
import { request as httpRequest, type Server } from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { startRolegate, type StartOptions, type TestServer } from './rolegate-server.js';
import { ALICE, credentialsOf, stsClient, UPDATE_APP } from './demo.js';

export interface S3TestServer extends TestServer {
  /** `http://127.0.0.1:<port>` of the S3 listener. */
  readonly s3Url: string;
}

export async function startRolegateWithS3(options: StartOptions = {}): Promise<S3TestServer> {
  const server = await startRolegate(options);
  const s3Server: Server = await new Promise((resolve) => {
    const s = server.rolegate.s3.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = s3Server.address() as AddressInfo;
  return Object.assign(Object.create(null) as object, server, {
    s3Url: `http://127.0.0.1:${port}`,
    async close() {
      s3Server.closeAllConnections();
      await new Promise<void>((resolve) => s3Server.close(() => resolve()));
      await server.close();
    },
  }) as S3TestServer;
}

export function s3Client(url: string, credentials: AwsCredentialIdentity, extra: { systemClockOffset?: number } = {}): S3Client {
  return new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1, ...extra });
}

export async function assumeUpdateApp(server: TestServer, sessionName = 'alice', extra: { Policy?: string; DurationSeconds?: number } = {}): Promise<AwsCredentialIdentity> {
  return credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: sessionName, ...extra })));
}

/** An SDK call's outcome as S3 decides it: done, AccessDenied (403) or NoSuchKey (404); anything else throws. */
export async function sdkOutcome(promise: Promise<unknown>): Promise<'allowed' | 'denied' | 'missing'> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'AccessDenied' && e.$metadata?.httpStatusCode === 403) return 'denied';
    if (e.name === 'NoSuchKey' && e.$metadata?.httpStatusCode === 404) return 'missing';
    throw error;
  }
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** `<Code>` of an S3 error document. */
  readonly code: string | undefined;
}

export interface RawRequest {
  readonly method: string;
  /** Path as sent (already encoded). */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** Payload hash to sign (default: the SHA-256 of `body`). */
  readonly payloadHash?: string;
  readonly signingDate?: Date;
}

/** Signs with @smithy/signature-v4 (the SDK's signer), service s3, S3 path rules. */
export async function signedRequest(s3Url: string, credentials: AwsCredentialIdentity, request: RawRequest): Promise<{ url: string; init: RequestInit }> {
  const url = new URL(s3Url);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256 as never, uriEscapePath: false });
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': request.payloadHash ?? createHash('sha256').update(body).digest('hex'),
    ...request.headers,
  };
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: request.path, query: request.query ?? {}, headers, body },
    request.signingDate ? { signingDate: request.signingDate } : {},
  );
  const query = new URLSearchParams(request.query ?? {}).toString().replace(/\+/g, '%20');
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host') sent[name] = String(value);
  return {
    url: `${s3Url}${request.path}${query ? `?${query}` : ''}`,
    init: { method: request.method, headers: sent, ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body }) },
  };
}

/** A presigned GET URL (query-string SigV4, UNSIGNED-PAYLOAD), as `getSignedUrl` makes them. */
export async function presignedUrl(s3Url: string, credentials: AwsCredentialIdentity, path: string, expiresIn: number, signingDate?: Date): Promise<string> {
  const url = new URL(s3Url);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256 as never, uriEscapePath: false });
  const presigned = await signer.presign(
    // As @aws-sdk/s3-request-presigner does: sign UNSIGNED-PAYLOAD without sending the header.
    { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: {}, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    { expiresIn, unsignableHeaders: new Set(['x-amz-content-sha256']), unhoistableHeaders: new Set(['x-amz-content-sha256']), ...(signingDate ? { signingDate } : {}) },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${s3Url}${path}?${query}`;
}

/** Sends exactly the path given (node:http; `fetch` would normalise `..` segments away). */
export async function send(url: string, init: RequestInit): Promise<RawResponse> {
  const match = /^http:\/\/([^/:]+):(\d+)(\/.*)$/.exec(url);
  if (!match) throw new Error(`not an http URL with a path: ${url}`);
  const body = init.body === undefined || init.body === null ? undefined : Buffer.from(init.body as Buffer | string);
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (body !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: match[1], port: Number(match[2]), path: match[3], method: init.method ?? 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: text, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

export async function raw(s3Url: string, credentials: AwsCredentialIdentity, request: RawRequest): Promise<RawResponse> {
  const { url, init } = await signedRequest(s3Url, credentials, request);
  return send(url, init);
}

/** A minimal Sha256 constructor for @smithy/signature-v4 on node:crypto. */
class Sha256 {
  private readonly secret: Buffer | undefined;
  private readonly chunks: Buffer[] = [];
  constructor(secret?: string | Uint8Array) {
    this.secret = secret === undefined ? undefined : Buffer.from(secret);
  }
  update(data: string | Uint8Array): void {
    this.chunks.push(Buffer.from(data));
  }
  async digest(): Promise<Uint8Array> {
    const data = Buffer.concat(this.chunks);
    return new Uint8Array(this.secret ? createHmac('sha256', this.secret).update(data).digest() : createHash('sha256').update(data).digest());
  }
}
