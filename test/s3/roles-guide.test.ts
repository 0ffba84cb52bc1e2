/**
 * The S3-compatible demo service with @aws-sdk/client-s3 (path-style) and credentials issued by
 * rolegate: the AWS roles guide's example (UpdateAPP reads and writes productionapp and nothing
 * else; bob cannot; a bucket policy grants the Development account read access without a role).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ADMIN, ALICE, AUDITOR, BOB, sdkError, stsClient } from '../helpers/demo.js';
import { assumeUpdateApp, presignedUrl, raw, s3Client, startRolegateWithS3, type S3TestServer } from '../helpers/s3.js';

async function text(client: S3Client, Bucket: string, Key: string): Promise<string> {
  const result = await client.send(new GetObjectCommand({ Bucket, Key }));
  return (await result.Body?.transformToString()) ?? '';
}

async function denied(promise: Promise<unknown>, code = 'AccessDenied', status = 403): Promise<void> {
  const error = await sdkError(promise);
  assert.equal(error.name, code);
  assert.equal(error.$metadata.httpStatusCode, status);
  assert.ok(error.$metadata.requestId, 'x-amz-request-id is read by the SDK');
}

const REDIS_PREFIX = `rgtest:${randomBytes(6).toString('hex')}:`;

describe('S3 demo service: the roles guide example', () => {
  let server: S3TestServer;
  let updateApp: AwsCredentialIdentity;
  let asUpdateApp: S3Client;

  before(async () => {
    server = await startRolegateWithS3({ storeKind: 'redis', redisPrefix: REDIS_PREFIX });
    updateApp = await assumeUpdateApp(server, 'alice-s3');
    asUpdateApp = s3Client(server.s3Url, updateApp);
  });
  after(() => server?.close());

  it('UpdateAPP lists, writes, reads, heads and deletes objects in productionapp', async () => {
    const listed = await asUpdateApp.send(new ListObjectsV2Command({ Bucket: 'productionapp' }));
    assert.deepEqual(listed.Contents?.map((c) => c.Key), ['config/app.json', 'index.html']);
    assert.equal(listed.KeyCount, 2);
    assert.equal(listed.IsTruncated, false);
    assert.match(listed.Contents?.[0]?.ETag ?? '', /^"[0-9a-f]{32}"$/);

    const put = await asUpdateApp.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'releases/v1.5.0 notes.txt', Body: 'ship it', ContentType: 'text/plain', Metadata: { reviewer: 'bob' } }));
    assert.equal(put.ETag, `"${createHash('md5').update('ship it').digest('hex')}"`);
    const got = await asUpdateApp.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'releases/v1.5.0 notes.txt' }));
    assert.equal(await got.Body?.transformToString(), 'ship it');
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.ContentLength, 7);
    assert.equal(got.ETag, put.ETag);
    assert.deepEqual(got.Metadata, { reviewer: 'bob' });
    assert.ok(got.LastModified instanceof Date);

    const head = await asUpdateApp.send(new HeadObjectCommand({ Bucket: 'productionapp', Key: 'releases/v1.5.0 notes.txt' }));
    assert.equal(head.ContentLength, 7);
    assert.equal(head.ETag, put.ETag);

    await asUpdateApp.send(new DeleteObjectCommand({ Bucket: 'productionapp', Key: 'releases/v1.5.0 notes.txt' }));
    await denied(asUpdateApp.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'releases/v1.5.0 notes.txt' })), 'NoSuchKey', 404);
    // Deleting again is not an error (S3 answers 204 either way).
    await asUpdateApp.send(new DeleteObjectCommand({ Bucket: 'productionapp', Key: 'releases/v1.5.0 notes.txt' }));
  });

  it('objects written with PutObject persist in the store and are seen by a second rolegate on the same Redis', async () => {
    await asUpdateApp.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'shared/visible.txt', Body: 'from instance one' }));
    const other = await startRolegateWithS3({ storeKind: 'redis', redisPrefix: REDIS_PREFIX });
    try {
      assert.equal(await text(s3Client(other.s3Url, updateApp), 'productionapp', 'shared/visible.txt'), 'from instance one');
    } finally {
      await other.close();
    }
  });

  it('a streaming upload (aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer) is decoded and verified', async () => {
    const chunks = [Buffer.alloc(70_000, 'a'), Buffer.from('-middle-'), Buffer.alloc(9_000, 'z')];
    await asUpdateApp.send(
      new PutObjectCommand({ Bucket: 'productionapp', Key: 'streamed.bin', Body: Readable.from(chunks), ContentLength: 79_008 }),
    );
    const got = await asUpdateApp.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'streamed.bin', ChecksumMode: 'ENABLED' }));
    assert.deepEqual(Buffer.from((await got.Body?.transformToByteArray()) ?? []), Buffer.concat(chunks));
    assert.ok(got.ChecksumCRC32, 'the stored checksum is returned with x-amz-checksum-mode: ENABLED');
  });

  it('UpdateAPP is denied (AccessDenied 403) on the other production bucket, with an explanation header', async () => {
    await denied(asUpdateApp.send(new GetObjectCommand({ Bucket: 'production-secrets', Key: 'database/credentials.txt' })));
    await denied(asUpdateApp.send(new PutObjectCommand({ Bucket: 'production-secrets', Key: 'x.txt', Body: 'x' })));
    await denied(asUpdateApp.send(new ListObjectsV2Command({ Bucket: 'production-secrets' })));
    await denied(asUpdateApp.send(new DeleteObjectCommand({ Bucket: 'production-secrets', Key: 'database/credentials.txt' })));
    await denied(asUpdateApp.send(new PutObjectCommand({ Bucket: 'production-reports', Key: 'x.txt', Body: 'x' })));
    const response = await raw(server.s3Url, updateApp, { method: 'GET', path: '/production-secrets/database/credentials.txt' });
    assert.equal(response.status, 403);
    assert.equal(response.code, 'AccessDenied');
    assert.match(response.body, /<Message>Access Denied<\/Message><RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
    const explanation = response.headers.get('x-rolegate-explanation') ?? '';
    assert.match(explanation, /no identity policy allows s3:GetObject|Denied/);
    assert.doesNotMatch(explanation, new RegExp(updateApp.secretAccessKey.slice(0, 12).replace(/[+/]/g, '.')));
    // The denial is audited.
    const events = await server.rolegate.services.audit.latest(20);
    assert.ok(events.some((e) => e.type === 'access.denied' && e.action === 's3:GetObject' && (e.reason ?? '').includes('production-secrets')));
  });

  it("bob's own credentials are denied on productionapp", async () => {
    const asBob = s3Client(server.s3Url, BOB);
    await denied(asBob.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'index.html' })));
    await denied(asBob.send(new ListObjectsV2Command({ Bucket: 'productionapp' })));
    await denied(asBob.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'bob.txt', Body: 'x' })));
  });

  it("bob's own credentials read production-reports through its bucket policy (cross-account, no role), but cannot write it", async () => {
    const asBob = s3Client(server.s3Url, BOB);
    assert.match(await text(asBob, 'production-reports', 'README.txt'), /Monthly production reports/);
    const listed = await asBob.send(new ListObjectsV2Command({ Bucket: 'production-reports', Prefix: '2026/', Delimiter: '/' }));
    assert.deepEqual(listed.CommonPrefixes?.map((p) => p.Prefix), ['2026/01/']);
    await denied(asBob.send(new PutObjectCommand({ Bucket: 'production-reports', Key: 'bob.txt', Body: 'x' })));
    await denied(asBob.send(new DeleteObjectCommand({ Bucket: 'production-reports', Key: 'README.txt' })));
    // The bucket policy alone is not enough across accounts: admin's AdministratorAccess allows the
    // identity side, the third party's account is named by no bucket policy at all.
    const asAdmin = s3Client(server.s3Url, ADMIN);
    assert.match(await text(asAdmin, 'production-reports', 'README.txt'), /Monthly/);
    await denied(asAdmin.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'index.html' })));
  });

  it("alice's long-term credentials cannot touch productionapp (only through the role)", async () => {
    const asAlice = s3Client(server.s3Url, ALICE);
    await denied(asAlice.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'index.html' })));
    await denied(asAlice.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'alice.txt', Body: 'x' })));
    await denied(asAlice.send(new ListObjectsV2Command({ Bucket: 'productionapp' })));
    // …but she has s3:* on the dev-* buckets.
    await asAlice.send(new PutObjectCommand({ Bucket: 'dev-scratch', Key: 'alice.txt', Body: 'mine' }));
    assert.equal(await text(asAlice, 'dev-scratch', 'alice.txt'), 'mine');
  });

  it('ListBuckets lists the buckets of the caller\'s own account (shared buckets of other accounts are not listed, as on AWS)', async () => {
    const asRole = await asUpdateApp.send(new ListBucketsCommand({}));
    assert.deepEqual(asRole.Buckets?.map((b) => b.Name), ['production-reports', 'production-secrets', 'productionapp']);
    assert.equal(asRole.Owner?.DisplayName, 'production');
    const asBob = await s3Client(server.s3Url, BOB).send(new ListBucketsCommand({}));
    assert.deepEqual(asBob.Buckets?.map((b) => b.Name), ['dev-builds', 'dev-scratch']);
    // The third party has no s3:ListAllMyBuckets.
    await denied(s3Client(server.s3Url, AUDITOR).send(new ListBucketsCommand({})));
  });

  it('a session policy narrowing UpdateAPP to GetObject makes PutObject fail', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::productionapp/*' }] });
    const narrowed = s3Client(server.s3Url, await assumeUpdateApp(server, 'narrowed', { Policy: policy }));
    assert.match(await text(narrowed, 'productionapp', 'index.html'), /Production app/);
    await denied(narrowed.send(new PutObjectCommand({ Bucket: 'productionapp', Key: 'narrowed.txt', Body: 'x' })));
    await denied(narrowed.send(new ListObjectsV2Command({ Bucket: 'productionapp' })));
    // Without s3:ListBucket a missing key is AccessDenied, not NoSuchKey (S3 GetObject semantics).
    await denied(narrowed.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'no-such-key' })));
    await denied(asUpdateApp.send(new GetObjectCommand({ Bucket: 'productionapp', Key: 'no-such-key' })), 'NoSuchKey', 404);
  });

  it('NoSuchBucket, HeadBucket and GetBucketLocation', async () => {
    await denied(asUpdateApp.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
    await asUpdateApp.send(new HeadBucketCommand({ Bucket: 'productionapp' }));
    const location = await asUpdateApp.send(new GetBucketLocationCommand({ Bucket: 'productionapp' }));
    assert.equal(location.LocationConstraint, undefined);
  });

  it('ListObjectsV2 pages with max-keys, continuation tokens, start-after, prefix and delimiter; ListObjects (v1) too', async () => {
    const s3 = s3Client(server.s3Url, ALICE);
    for (const key of ['p/a/1', 'p/a/2', 'p/b', 'p/c/1', 'p/d', 'q']) await s3.send(new PutObjectCommand({ Bucket: 'dev-builds', Key: key, Body: key }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'dev-builds', Prefix: 'p/', Delimiter: '/', MaxKeys: 2, ...(token ? { ContinuationToken: token } : {}) }));
      pages++;
      seen.push(...(page.CommonPrefixes ?? []).map((p) => `prefix:${p.Prefix}`), ...(page.Contents ?? []).map((c) => c.Key!));
      assert.equal(page.KeyCount, (page.CommonPrefixes?.length ?? 0) + (page.Contents?.length ?? 0));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    assert.equal(pages, 2);
    assert.deepEqual(seen.sort(), ['p/b', 'p/d', 'prefix:p/a/', 'prefix:p/c/']);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'dev-builds', Prefix: 'p/', StartAfter: 'p/b' }));
    assert.deepEqual(after.Contents?.map((c) => c.Key), ['p/c/1', 'p/d']);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'dev-builds', Prefix: 'p/a/' }));
    assert.deepEqual(v1.Contents?.map((c) => c.Key), ['p/a/1', 'p/a/2']);
    assert.ok(v1.Contents?.[0]?.Owner?.ID);
  });

  it('a presigned GET URL works without an Authorization header', async () => {
    const url = await presignedUrl(server.s3Url, updateApp, '/productionapp/index.html', 60);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Production app/);
  });

  it('the caller behind the credentials is the one rolegate issued them to', async () => {
    const identity = await stsClient(server.url, updateApp).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/alice-s3');
  });
});
