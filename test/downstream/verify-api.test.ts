/**
 * The downstream verification API: SigV4 parts and bearer tokens in, principal + decision +
 * explanation out; hostile input gets AWS's codes and nothing is cached or stored.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, BOB, UPDATE_APP, credentialsOf, stsClient } from '../helpers/demo.js';
import { signRequest } from '../helpers/sign.js';

async function verify(server: TestServer, body: unknown) {
  const response = await fetch(`${server.url}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('POST /verify', () => {
  let server: TestServer;
  let updateApp: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  before(async () => {
    server = await startRolegate();
    updateApp = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'downstream', SourceIdentity: 'alice' })));
  });
  after(() => server.close());

  const s3Get = (key: string) => ({ service: 's3', action: 's3:GetObject', resource: `arn:aws:s3:::productionapp/${key}`, resourceAccount: '222222222222' });

  it('a SigV4-signed request of an UpdateAPP session: principal, expiry and an Allow with its statement', async () => {
    const signed = await signRequest({ method: 'GET', url: 'http://downstream.example:9000/productionapp/app.zip?versionId=1', service: 's3', credentials: updateApp });
    const result = await verify(server, { request: signed, ...s3Get('app.zip') });
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body['allowed'], true);
    assert.equal(result.body['principal'].arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/downstream');
    assert.equal(result.body['principal'].roleArn, UPDATE_APP);
    assert.equal(result.body['principal'].sourceIdentity, 'alice');
    assert.equal(result.body['principal'].type, 'AssumedRole');
    assert.ok(Date.parse(result.body['expiresAt']) > Date.now());
    assert.equal(result.body['decision'].decision, 'Allow');
    assert.ok(result.body['decision'].determining.some((s: { sid?: string }) => s.sid === 'ReadWriteProductionApp'));
  });

  it('a denied action answers 403 AccessDenied with the explanation, and is audited', async () => {
    const signed = await signRequest({ method: 'DELETE', url: 'http://downstream.example/otherbucket/x', service: 's3', credentials: updateApp });
    const result = await verify(server, { request: signed, service: 's3', action: 's3:DeleteObject', resource: 'arn:aws:s3:::otherbucket/x' });
    assert.equal(result.status, 403);
    assert.equal(result.body['error'].code, 'AccessDenied');
    assert.equal(result.body['allowed'], false);
    assert.equal(result.body['decision'].decision, 'ImplicitDeny');
    assert.ok(result.body['decision'].nearestMiss, 'the nearest miss is explained');
    assert.match(result.body['explanation'], /s3:DeleteObject|otherbucket/);
    const events = await server.rolegate.services.audit.latest(20);
    assert.ok(events.some((e) => e.type === 'verification.denied' && e.action === 's3:DeleteObject' && e.principal?.endsWith('/downstream')));
  });

  it('bearer mode: the session token alone, verifiable offline with the published JWKS', async () => {
    const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
    const { payload, protectedHeader } = await jwtVerify(updateApp.sessionToken!, createLocalJWKSet(jwks as never), { audience: 'rolegate', issuer: server.rolegate.services.issuer });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(payload.sub, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/downstream');
    assert.equal(payload.jti, updateApp.accessKeyId);
    const result = await verify(server, { token: updateApp.sessionToken, ...s3Get('app.zip') });
    assert.equal(result.status, 200);
    assert.equal(result.body['principal'].arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/downstream');
  });

  it('hostile input: forged signature, unknown key, tampered body hash, stale date, forged and expired bearer tokens', async () => {
    const mark = server.store.writes.length;
    const good = await signRequest({ method: 'PUT', url: 'http://d.example/productionapp/a', service: 's3', credentials: updateApp, body: 'hello' });
    const cases: Array<[string, unknown, number, string]> = [
      ['forged signature', { request: { ...good, headers: { ...good.headers, authorization: String(good.headers['authorization']).replace(/Signature=[0-9a-f]{4}/, 'Signature=0000') } } }, 403, 'SignatureDoesNotMatch'],
      ['mismatched body hash', { request: { ...good, bodySha256: createHash('sha256').update('tampered').digest('hex') } }, 403, 'SignatureDoesNotMatch'],
      ['unknown key', { request: await signRequest({ method: 'GET', url: 'http://d.example/productionapp/a', service: 's3', credentials: { accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40), sessionToken: 'nope' } }) }, 403, 'InvalidClientTokenId'],
      ['stale date (outside the 5 minute window)', { request: await signRequest({ method: 'GET', url: 'http://d.example/productionapp/a', service: 's3', credentials: updateApp, date: new Date(Date.now() - 6 * 60_000) }) }, 403, 'SignatureDoesNotMatch'],
      ['wrong session token', { request: await signRequest({ method: 'GET', url: 'http://d.example/productionapp/a', service: 's3', credentials: { ...updateApp, sessionToken: `${updateApp.sessionToken}x` } }) }, 403, 'InvalidClientTokenId'],
      ['forged bearer token', { token: `${updateApp.sessionToken!.slice(0, -6)}AAAAAA` }, 403, 'InvalidClientTokenId'],
      ['bearer token of another session', { token: updateApp.sessionToken!.split('.').map((p, i) => (i === 1 ? Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), jti: 'ASIAAAAAAAAAAAAAAAAA' })).toString('base64url') : p)).join('.') }, 403, 'InvalidClientTokenId'],
      ['no credentials at all', { request: { method: 'GET', path: '/x', headers: { host: 'd.example' } } }, 403, 'MissingAuthenticationToken'],
      ['both modes', { token: updateApp.sessionToken, request: good }, 400, 'ValidationError'],
      ['bad action', { token: updateApp.sessionToken, action: 'not an action', resource: '*' }, 400, 'ValidationError'],
      ['unknown field', { token: updateApp.sessionToken, evil: true }, 400, 'ValidationError'],
    ];
    for (const [name, input, status, code] of cases) {
      const body = typeof input === 'object' && input && 'action' in input ? input : { ...(input as object), ...s3Get('a') };
      const result = await verify(server, body);
      assert.equal(result.status, status, `${name}: ${JSON.stringify(result.body)}`);
      assert.equal(result.body['error']?.code, code, name);
      assert.equal(result.body['principal'], undefined, `${name}: no principal is disclosed`);
    }
    const garbage = await fetch(`${server.url}/verify`, { method: 'POST', body: '{not json' });
    assert.equal(garbage.status, 400);
    assert.deepEqual(server.store.writtenSince(mark), [], 'nothing was stored for hostile input');
  });

  it('an expired session is ExpiredToken', async () => {
    const short = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'short', DurationSeconds: 900 })));
    server.clock.offsetMs = 901_000;
    try {
      const signed = await signRequest({ method: 'GET', url: 'http://d.example/productionapp/a', service: 's3', credentials: short, date: new Date(Date.now() + 901_000) });
      const result = await verify(server, { request: signed, ...s3Get('a') });
      assert.equal(result.status, 403);
      assert.equal(result.body['error'].code, 'ExpiredToken');
      const bearer = await verify(server, { token: short.sessionToken, ...s3Get('a') });
      assert.equal(bearer.body['error'].code, 'ExpiredToken');
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it("bob's long-term keys are verified as bob and denied on productionapp", async () => {
    const signed = await signRequest({ method: 'GET', url: 'http://d.example/productionapp/a', service: 's3', credentials: BOB });
    const result = await verify(server, { request: signed, ...s3Get('a') });
    assert.equal(result.status, 403);
    assert.equal(result.body['principal'].arn, 'arn:aws:iam::111111111111:user/bob');
    assert.equal(result.body['error'].code, 'AccessDenied');
  });
  it('context keys that describe the caller cannot be supplied: a client cannot claim MFA, tags or another federated user', async () => {
    // A resource policy that grants only with MFA: the UpdateAPP session has none.
    const mfaOnly = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: UPDATE_APP }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::mfa-only/*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
    };
    const base = { token: updateApp.sessionToken, service: 's3', action: 's3:GetObject', resource: 'arn:aws:s3:::mfa-only/doc', resourceAccount: '333333333333', resourcePolicy: mfaOnly };
    const plain = await verify(server, base);
    assert.equal(plain.status, 403, 'without MFA the policy does not grant');
    const mark = server.store.writes.length;
    for (const key of ['aws:MultiFactorAuthPresent', 'aws:multifactorauthage', 'aws:PrincipalTag/team', 'aws:PrincipalArn', 'aws:userid', 'aws:SourceIdentity', 'aws:CurrentTime', 'saml:sub', 'www.amazon.com:user_id', 'accounts.google.com:sub', 'idp.example.com/realms/x:sub']) {
      const forged = await verify(server, { ...base, context: { [key]: 'true' } });
      assert.equal(forged.status, 400, `${key}: ${JSON.stringify(forged.body)}`);
      assert.equal(forged.body['error'].code, 'ValidationError', key);
      assert.ok(String(forged.body['error'].message).includes(key), `the error names ${key}`);
    }
    assert.deepEqual(server.store.writtenSince(mark), [], 'nothing stored for a refused context');
    // Keys that describe the downstream app's own request stay the app's to supply.
    const own = await verify(server, { ...s3Get('app.zip'), token: updateApp.sessionToken, context: { 's3:prefix': 'releases/', 'aws:SourceIp': '203.0.113.7', 'aws:UserAgent': 'client/1.0' } });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body['allowed'], true);
  });
});
