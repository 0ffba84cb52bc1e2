/**
 * Hostile input to the S3-compatible service: each rejection has S3's code and status, and nothing
 * is written (CountingStore: no `s3:` key written by a rejected request).
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import { BridgeError } from '../../src/errors.js';
import { deriveSigningKey } from '../../src/sigv4/index.js';
import { ALICE, sdkError } from '../helpers/demo.js';
import { assumeUpdateApp, presignedUrl, raw, s3Client, send, signedRequest, startRolegateWithS3, type RawResponse, type S3TestServer } from '../helpers/s3.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('S3 demo service: hostile input', () => {
  let server: S3TestServer;
  let role: AwsCredentialIdentity;
  let mark = 0;

  before(async () => {
    server = await startRolegateWithS3();
    role = await assumeUpdateApp(server, 'hostile');
  });
  after(() => server?.close());
  beforeEach(() => {
    mark = server.store.writes.length;
  });

  function rejected(response: RawResponse, code: string, status: number): void {
    assert.equal(response.code, code, response.body);
    assert.equal(response.status, status);
    assert.deepEqual(server.store.writtenSince(mark, 's3:'), [], 'a rejected request writes nothing');
    assert.match(response.body, /<RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
    assert.doesNotMatch(response.body, new RegExp(role.secretAccessKey.replace(/[+/]/g, '.')));
  }

  const put = (key: string, body: string, extra: Partial<Parameters<typeof raw>[2]> = {}) =>
    raw(server.s3Url, role, { method: 'PUT', path: `/productionapp/${key}`, body, ...extra });

  it('a forged signature is SignatureDoesNotMatch (403)', async () => {
    const { url, init } = await signedRequest(server.s3Url, role, { method: 'PUT', path: '/productionapp/forged.txt', body: 'x' });
    const headers = init.headers as Record<string, string>;
    // Flip the last hex digit to a different one (never the same digit, so the test cannot pass by luck).
    headers['authorization'] = headers['authorization']!.replace(/Signature=([0-9a-f]{63})([0-9a-f])/, (_m, s: string, last: string) => `Signature=${s}${last === '0' ? '1' : '0'}`);
    rejected(await send(url, init), 'SignatureDoesNotMatch', 403);
    rejected(await raw(server.s3Url, { ...role, secretAccessKey: ALICE.secretAccessKey }, { method: 'PUT', path: '/productionapp/forged.txt', body: 'x' }), 'SignatureDoesNotMatch', 403);
  });

  it('an unknown access key is InvalidAccessKeyId (403); a wrong session token is InvalidToken (400)', async () => {
    const unknown = await raw(server.s3Url, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: ALICE.secretAccessKey }, { method: 'PUT', path: '/productionapp/x.txt', body: 'x' });
    rejected(unknown, 'InvalidAccessKeyId', 403);
    assert.match(unknown.body, /<Message>The AWS Access Key Id you provided does not exist in our records.<\/Message>/);
    rejected(await raw(server.s3Url, { ...role, sessionToken: `${role.sessionToken}x` }, { method: 'PUT', path: '/productionapp/x.txt', body: 'x' }), 'InvalidToken', 400);
    const { sessionToken: _omit, ...withoutToken } = role;
    rejected(await raw(server.s3Url, withoutToken, { method: 'PUT', path: '/productionapp/x.txt', body: 'x' }), 'InvalidToken', 400);
  });

  it('a request replayed outside the 15-minute window is RequestTimeTooSkewed (403)', async () => {
    const response = await put('replayed.txt', 'x', { signingDate: new Date(Date.now() - 16 * 60_000) });
    rejected(response, 'RequestTimeTooSkewed', 403);
    assert.match(response.body, /<MaxAllowedSkewMilliseconds>900000<\/MaxAllowedSkewMilliseconds>/);
    // Within the window the same request is accepted.
    assert.equal((await put('within-window.txt', 'x', { signingDate: new Date(Date.now() - 5 * 60_000) })).status, 200);
  });

  it('expired credentials are ExpiredToken (400) — the SDK signs with the server clock', async () => {
    const shortLived = await assumeUpdateApp(server, 'short', { DurationSeconds: 900 });
    server.clock.offsetMs = 20 * 60_000;
    try {
      const client = s3Client(server.s3Url, shortLived, { systemClockOffset: server.clock.offsetMs });
      mark = server.store.writes.length;
      const error = await sdkError(client.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'late.txt', Body: 'x' })));
      assert.equal(error.name, 'ExpiredToken');
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.equal(error.message, 'The provided token has expired.');
      assert.deepEqual(server.store.writtenSince(mark, 's3:'), []);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('a tampered body under a signed payload hash is XAmzContentSHA256Mismatch (400)', async () => {
    const { url, init } = await signedRequest(server.s3Url, role, { method: 'PUT', path: '/productionapp/tampered.txt', body: 'original' });
    rejected(await send(url, { ...init, body: 'tampered' }), 'XAmzContentSHA256Mismatch', 400);
    // A payload hash that is not what was signed is a signature failure.
    const headers = { ...(init.headers as Record<string, string>), 'x-amz-content-sha256': sha256Hex('tampered') };
    rejected(await send(url, { ...init, headers, body: 'tampered' }), 'SignatureDoesNotMatch', 403);
  });

  it('bad aws-chunked framing is IncompleteBody (400); a wrong trailing CRC32 is BadDigest (400)', async () => {
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5', 'x-amz-trailer': 'x-amz-checksum-crc32' };
    const streaming = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
    rejected(await put('chunked.txt', '5\r\nhello\r\n', { headers, payloadHash: streaming }), 'IncompleteBody', 400);
    rejected(await put('chunked.txt', 'zz\r\nhello\r\n0\r\n\r\n', { headers, payloadHash: streaming }), 'IncompleteBody', 400);
    rejected(await put('chunked.txt', '5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n', { headers, payloadHash: streaming }), 'BadDigest', 400);
    rejected(await put('chunked.txt', '5\r\nhello\r\n0\r\nx-amz-checksum-sha1:AAAAAA==\r\n\r\n', { headers, payloadHash: streaming }), 'MalformedTrailerError', 400);
    // The well-formed body is accepted.
    assert.equal((await put('chunked.txt', '5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n', { headers, payloadHash: streaming })).status, 200);
    const got = await s3Client(server.s3Url, role).send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'chunked.txt' }));
    assert.equal(await got.Body?.transformToString(), 'hello');
  });

  it('STREAMING-AWS4-HMAC-SHA256-PAYLOAD: chunk signatures chained from the seed signature are verified', async () => {
    const data = [Buffer.alloc(8192, 'x'), Buffer.from('tail')];
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(8196) };
    const date = new Date();
    const { url, init } = await signedRequest(server.s3Url, role, { method: 'PUT', path: '/productionapp/signed-chunks.bin', headers, payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', signingDate: date });
    const sent = init.headers as Record<string, string>;
    const seed = /Signature=([0-9a-f]{64})/.exec(sent['authorization']!)![1]!;
    const amzDate = sent['x-amz-date']!;
    const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
    const key = deriveSigningKey(role.secretAccessKey, amzDate.slice(0, 8), 'us-east-1', 's3');
    const body = (forge: boolean) => {
      let previous = seed;
      const parts: Buffer[] = [];
      for (const chunk of [...data, Buffer.alloc(0)]) {
        const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, EMPTY_SHA256, sha256Hex(chunk)].join('\n');
        let signature = createHmac('sha256', key).update(toSign).digest('hex');
        if (forge && chunk.length === 4) signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
        parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), chunk, Buffer.from('\r\n'));
        previous = signature;
      }
      return Buffer.concat(parts);
    };
    rejected(await send(url, { ...init, body: body(true) }), 'SignatureDoesNotMatch', 403);
    assert.equal((await send(url, { ...init, body: body(false) })).status, 200);
    const got = await s3Client(server.s3Url, role).send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'signed-chunks.bin' }));
    assert.deepEqual(Buffer.from((await got.Body?.transformToByteArray()) ?? []), Buffer.concat(data));
  });

  it('an oversized object is EntityTooLarge (400), before and after reading the body', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 'b');
    const client = s3Client(server.s3Url, role);
    const error = await sdkError(client.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'big.bin', Body: big })));
    assert.equal(error.name, 'EntityTooLarge');
    assert.equal(error.$metadata.httpStatusCode, 400);
    // Just over the object limit but within the body limit: refused by the object store's check.
    const response = await raw(server.s3Url, role, { method: 'PUT', path: '/productionapp/big.bin', body: big });
    rejected(response, 'EntityTooLarge', 400);
    assert.match(response.body, /<ProposedSize>5242881<\/ProposedSize><MaxSizeAllowed>5242880<\/MaxSizeAllowed>/);
    // Far beyond the body limit: refused on Content-Length, before the body is read.
    const huge = await sdkError(client.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'huge.bin', Body: Buffer.alloc(8 * 1024 * 1024) })));
    assert.equal(huge.name, 'EntityTooLarge');
    assert.deepEqual(server.store.writtenSince(mark, 's3:'), []);
  });

  it('path-traversal-like keys stay keys of the bucket they name', async () => {
    const client = s3Client(server.s3Url, role);
    await client.send(new PutObjectCommand({ Bucket: 'productionapp', Key: '../production-secrets/database/credentials.txt', Body: 'overwrite?' }));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'productionapp', Prefix: '../' }));
    assert.deepEqual(listed.Contents?.map((c) => c.Key), ['../production-secrets/database/credentials.txt']);
    // The secret object is untouched (read with an identity that may).
    const secret = await server.rolegate.s3.objects.get(server.rolegate.services.directory.bucket('production-secrets')!, 'database/credentials.txt');
    assert.match(secret!.body.toString(), /demo value/);
    mark = server.store.writes.length;
    // The bucket is the first path segment, whatever follows.
    rejected(await raw(server.s3Url, role, { method: 'GET', path: '/production-secrets/../productionapp/index.html' }), 'AccessDenied', 403);
    rejected(await raw(server.s3Url, role, { method: 'PUT', path: '/production-secrets/..%2Fproductionapp%2Fx.txt', body: 'x' }), 'AccessDenied', 403);
    rejected(await raw(server.s3Url, role, { method: 'GET', path: '/productionapp%2F..%2Fproduction-secrets/database/credentials.txt' }), 'NoSuchBucket', 404);
    rejected(await raw(server.s3Url, role, { method: 'GET', path: `/productionapp/${'k'.repeat(1025)}` }), 'KeyTooLongError', 400);
    rejected(await raw(server.s3Url, role, { method: 'GET', path: '/productionapp/%E0%A4%A' }), 'InvalidURI', 400);
  });

  it('anonymous requests are AccessDenied (403); SigV2 is InvalidRequest (400); unsigned x-amz-* headers are AccessDenied', async () => {
    rejected(await send(`${server.s3Url}/productionapp/index.html`, {}), 'AccessDenied', 403);
    rejected(await send(`${server.s3Url}/productionapp/x.txt`, { method: 'PUT', body: 'x' }), 'AccessDenied', 403);
    rejected(await send(`${server.s3Url}/`, {}), 'AccessDenied', 403);
    rejected(await send(`${server.s3Url}/productionapp/index.html`, { headers: { authorization: 'AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl' } }), 'InvalidRequest', 400);
    const { url, init } = await signedRequest(server.s3Url, role, { method: 'PUT', path: '/productionapp/added-header.txt', body: 'x' });
    rejected(await send(url, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-amz-meta-injected': 'yes' } }), 'AccessDenied', 403);
  });

  it('an expired presigned URL is AccessDenied "Request has expired"', async () => {
    const url = await presignedUrl(server.s3Url, role, '/productionapp/index.html', 60, new Date(Date.now() - 120_000));
    const response = await send(url, {});
    rejected(response, 'AccessDenied', 403);
    assert.match(response.body, /Request has expired/);
  });

  it('unsupported operations are NotImplemented (501) and write nothing', async () => {
    rejected(await raw(server.s3Url, role, { method: 'PUT', path: '/productionapp/copy.txt', headers: { 'x-amz-copy-source': '/production-secrets/database/credentials.txt' } }), 'NotImplemented', 501);
    rejected(await raw(server.s3Url, role, { method: 'GET', path: '/productionapp', query: { acl: '' } }), 'NotImplemented', 501);
    rejected(await raw(server.s3Url, role, { method: 'POST', path: '/productionapp/x.txt', query: { uploads: '' } }), 'NotImplemented', 501);
  });

  it('the store down is ServiceUnavailable (503), and service resumes', async () => {
    const alice = s3Client(server.s3Url, ALICE);
    const original = server.store.get.bind(server.store);
    server.store.get = async () => {
      throw new BridgeError('STORE_UNAVAILABLE', { detail: 'test outage' });
    };
    try {
      const error = await sdkError(alice.send(new ListObjectsV2Command({ Bucket: 'dev-scratch' })));
      assert.equal(error.name, 'ServiceUnavailable');
      assert.equal(error.$metadata.httpStatusCode, 503);
    } finally {
      server.store.get = original;
    }
    const listed = await alice.send(new ListObjectsV2Command({ Bucket: 'dev-scratch' }));
    assert.ok(listed.Contents?.some((c) => c.Key === 'hello.txt'));
  });
});
