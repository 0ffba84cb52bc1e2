/**
 * The S3 service and the core's `authorizeS3` (what the console's resource pages call) agree on
 * every decision: for a matrix of callers × buckets × operations, the service's allow/deny equals
 * the direct decision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { authorizeS3, resolveCaller, type Caller, type S3Action } from '../../src/core/index.js';
import { ADMIN, ALICE, AUDITOR, BOB, credentialsOf, EXTERNAL_ID, PRODUCTION_READ_ONLY, stsClient, THIRD_PARTY_AUDITOR } from '../helpers/demo.js';
import { assumeUpdateApp, s3Client, sdkOutcome, startRolegateWithS3, type S3TestServer } from '../helpers/s3.js';

const BUCKETS: Record<string, string> = {
  productionapp: 'index.html',
  'production-secrets': 'database/credentials.txt',
  'production-reports': 'README.txt',
  'dev-scratch': 'hello.txt',
  'dev-builds': 'app/1.4.2/build-info.json',
};
const PROBE = 'agreement/probe.txt';

describe('S3 service and authorizeS3 agree on every decision', () => {
  let server: S3TestServer;
  const callers: Array<{ name: string; credentials: AwsCredentialIdentity }> = [];

  before(async () => {
    server = await startRolegateWithS3();
    const updateApp = await assumeUpdateApp(server, 'matrix');
    const narrowed = await assumeUpdateApp(server, 'narrowed', {
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] }),
    });
    const readOnly = credentialsOf(await stsClient(server.url, updateApp).send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'chained' })));
    const auditor = credentialsOf(
      await stsClient(server.url, AUDITOR).send(new AssumeRoleCommand({ RoleArn: THIRD_PARTY_AUDITOR, RoleSessionName: 'audit', ExternalId: EXTERNAL_ID })),
    );
    callers.push(
      { name: 'alice (long-term)', credentials: ALICE },
      { name: 'bob (long-term)', credentials: BOB },
      { name: 'admin (long-term)', credentials: ADMIN },
      { name: 'auditor (long-term, account 333333333333)', credentials: AUDITOR },
      { name: 'UpdateAPP session', credentials: updateApp },
      { name: 'UpdateAPP session narrowed to Get/List', credentials: narrowed },
      { name: 'ProductionReadOnly (chained)', credentials: readOnly },
      { name: 'ThirdPartyAuditor session', credentials: auditor },
    );
  });
  after(() => server?.close());

  it('for 8 callers × 5 buckets × {ListBucket, GetObject, PutObject, DeleteObject} and ListAllMyBuckets', async () => {
    const services = server.rolegate.services;
    const env = () => ({ nowMs: services.clock.now() });
    const tally = { allowed: 0, denied: 0, missing: 0 };
    const mismatches: string[] = [];
    for (const { name, credentials } of callers) {
      const resolved = await resolveCaller(services, credentials.accessKeyId, credentials.sessionToken);
      assert.ok(resolved, name);
      const caller: Caller = resolved.caller;
      const client: S3Client = s3Client(server.s3Url, credentials);
      const check = async (action: S3Action, bucket: string | undefined, key: string | undefined, run: () => Promise<unknown>) => {
        const decision = authorizeS3(services, caller, { action, ...(bucket ? { bucket } : {}), ...(key ? { key } : {}), env: env() });
        const expected = decision.allowed ? 'allowed' : 'denied';
        const actual = await sdkOutcome(run());
        tally[actual]++;
        if (actual !== expected) mismatches.push(`${name} ${action} ${bucket ?? '*'}/${key ?? ''}: service ${actual}, authorizeS3 ${expected} (${decision.summary})`);
      };
      await check('s3:ListAllMyBuckets', undefined, undefined, () => client.send(new ListBucketsCommand({})));
      for (const [bucket, seedKey] of Object.entries(BUCKETS)) {
        await check('s3:ListBucket', bucket, undefined, () => client.send(new ListObjectsV2Command({ Bucket: bucket })));
        await check('s3:GetObject', bucket, seedKey, () => client.send(new GetObjectCommand({ Bucket: bucket, Key: seedKey })));
        await check('s3:PutObject', bucket, PROBE, () => client.send(new PutObjectCommand({ Bucket: bucket, Key: PROBE, Body: name })));
        await check('s3:DeleteObject', bucket, PROBE, () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: PROBE })));
      }
    }
    assert.deepEqual(mismatches, []);
    assert.ok(tally.allowed > 20 && tally.denied > 50, `a matrix with both outcomes: ${JSON.stringify(tally)}`);
  });
});
