/**
 * Session policies only reduce permissions; session tags, transitive tags and source identity
 * behave as on AWS (sts.md §4.2, §8.4, §12.4–12.5).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { resolveCaller } from '../../src/core/index.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, PRODUCTION_READ_ONLY, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';

describe('session policies', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  async function permissions(sessionPolicy?: string) {
    const result = await stsClient(server.url, ALICE).send(
      new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'scoped', ...(sessionPolicy ? { Policy: sessionPolicy } : {}) }),
    );
    const creds = credentialsOf(result);
    const resolved = await resolveCaller(server.rolegate.services, creds.accessKeyId, creds.sessionToken);
    assert.ok(resolved);
    const can = (action: string, resource: string) =>
      server.rolegate.services.authorizer.authorize({ caller: resolved.caller, action, resource, env: { nowMs: Date.now() } }).allowed;
    return { result, creds, can };
  }

  it('without a session policy the role permissions apply (read and write productionapp only)', async () => {
    const { can } = await permissions();
    assert.equal(can('s3:PutObject', 'arn:aws:s3:::productionapp/app.zip'), true);
    assert.equal(can('s3:GetObject', 'arn:aws:s3:::productionapp/app.zip'), true);
    assert.equal(can('s3:PutObject', 'arn:aws:s3:::otherbucket/app.zip'), false);
    assert.equal(can('ec2:TerminateInstances', 'arn:aws:ec2:us-east-1:222222222222:instance/i-1'), false);
  });

  it('an "Allow everything" session policy grants nothing beyond the role', async () => {
    const { can, result } = await permissions(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
    assert.ok((result.PackedPolicySize ?? 0) > 0, 'PackedPolicySize is reported when a policy is passed');
    assert.equal(can('s3:PutObject', 'arn:aws:s3:::otherbucket/app.zip'), false);
    assert.equal(can('iam:CreateUser', '*'), false);
    assert.equal(can('s3:PutObject', 'arn:aws:s3:::productionapp/app.zip'), true);
  });

  it('a read-only session policy removes write access', async () => {
    const { can } = await permissions(
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::productionapp/*' }] }),
    );
    assert.equal(can('s3:GetObject', 'arn:aws:s3:::productionapp/app.zip'), true);
    assert.equal(can('s3:PutObject', 'arn:aws:s3:::productionapp/app.zip'), false);
  });

  it('a session policy also limits what the session may assume next (role chaining)', async () => {
    const { creds } = await permissions(
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    );
    const error = await sdkError(stsClient(server.url, creds).send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'next' })));
    assert.equal(error.name, 'AccessDenied');
  });

  it('a malformed session policy is MalformedPolicyDocument (400) and stores nothing', async () => {
    const mark = server.store.writes.length;
    const error = await sdkError(
      stsClient(server.url, ALICE).send(
        new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'bad', Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}' }),
      ),
    );
    assert.equal(error.name, 'MalformedPolicyDocumentException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.message, /Statement\[0\].*Effect/);
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), []);
  });

  it('managed session policies (PolicyArns) intersect too, and unknown ARNs are refused', async () => {
    const result = await stsClient(server.url, ALICE).send(
      new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'managed', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }),
    );
    const creds = credentialsOf(result);
    const resolved = await resolveCaller(server.rolegate.services, creds.accessKeyId, creds.sessionToken);
    const can = (action: string, resource: string) =>
      server.rolegate.services.authorizer.authorize({ caller: resolved!.caller, action, resource, env: { nowMs: Date.now() } }).allowed;
    assert.equal(can('s3:GetObject', 'arn:aws:s3:::productionapp/x'), true);
    assert.equal(can('s3:PutObject', 'arn:aws:s3:::productionapp/x'), false);
    const unknown = await sdkError(
      stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'm2', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }] })),
    );
    assert.equal(unknown.name, 'MalformedPolicyDocumentException');
  });
});

describe('session tags and source identity', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  it('tags and transitive tags are kept and inherited through chaining; re-setting an inherited key fails', async () => {
    const first = await stsClient(server.url, ALICE).send(
      new AssumeRoleCommand({
        RoleArn: UPDATE_APP,
        RoleSessionName: 'tagged',
        Tags: [
          { Key: 'Project', Value: 'Phoenix' },
          { Key: 'CostCenter', Value: '42' },
        ],
        TransitiveTagKeys: ['Project'],
        SourceIdentity: 'alice@example.com',
      }),
    );
    assert.equal(first.SourceIdentity, 'alice@example.com');
    assert.ok((first.PackedPolicySize ?? 0) > 0);
    const session = stsClient(server.url, credentialsOf(first));
    const chained = await session.send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'tagged2' }));
    assert.equal(chained.SourceIdentity, 'alice@example.com', 'source identity survives chaining');
    const creds = credentialsOf(chained);
    const resolved = await resolveCaller(server.rolegate.services, creds.accessKeyId, creds.sessionToken);
    assert.ok(resolved?.caller.session);
    assert.deepEqual(resolved.caller.session.tags, { Project: 'Phoenix' }, 'only the transitive tag is inherited');
    assert.deepEqual(resolved.caller.session.transitiveTagKeys, ['Project']);

    const conflict = await sdkError(session.send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 't3', Tags: [{ Key: 'project', Value: 'Other' }] })));
    assert.equal(conflict.name, 'ValidationError');
    const changed = await sdkError(session.send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 't4', SourceIdentity: 'mallory' })));
    assert.equal(changed.name, 'AccessDenied');
  });

  it('tags require sts:TagSession and a source identity requires sts:SetSourceIdentity in the trust policy', async () => {
    const tagged = await sdkError(
      stsClient(server.url, { accessKeyId: 'AKIAI3RDPARTYEXAMPLE', secretAccessKey: 'ThirdPartyExampleSecretKeyDoNotUse000000' }).send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/ThirdPartyAuditor', RoleSessionName: 'aa', ExternalId: 'Audit-7f3c9e', Tags: [{ Key: 'k', Value: 'v' }] }),
      ),
    );
    assert.equal(tagged.name, 'AccessDenied');
    assert.match(tagged.message, /sts:TagSession/);
    const sourced = await sdkError(
      stsClient(server.url, { accessKeyId: 'AKIAI3RDPARTYEXAMPLE', secretAccessKey: 'ThirdPartyExampleSecretKeyDoNotUse000000' }).send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/ThirdPartyAuditor', RoleSessionName: 'aa', ExternalId: 'Audit-7f3c9e', SourceIdentity: 'who' }),
      ),
    );
    assert.equal(sourced.name, 'AccessDenied');
    assert.match(sourced.message, /sts:SetSourceIdentity/);
  });

  it('tags beyond the packed budget fail with PackedPolicyTooLarge', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}-${randomBytes(60).toString('hex')}`, Value: randomBytes(128).toString('hex') }));
    const error = await sdkError(stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'big', Tags: tags })));
    assert.equal(error.name, 'PackedPolicyTooLargeException');
    assert.match(error.message, /^Packed size of session tags consumes \d+% of allotted space\.$/);
  });
});
