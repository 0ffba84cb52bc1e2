/**
 * Bearer `/verify` with the cache of verified token signatures, over HTTP on two instances
 * sharing one Redis: a cached token is still checked for revocation and expiry on every request,
 * a token changed in one character is refused, and refusals are never cached.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ADMIN, ALICE, UPDATE_APP, credentialsOf, stsClient } from '../helpers/demo.js';
import { adminCall } from '../helpers/admin.js';

const s3Get = { action: 's3:GetObject', resource: 'arn:aws:s3:::productionapp/app.zip', resourceAccount: '222222222222' };

async function verifyBearer(server: TestServer, token: string) {
  const response = await fetch(`${server.url}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ...s3Get }) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function sessionToken(server: TestServer, name: string, durationSeconds = 3600): Promise<string> {
  const creds = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: name, DurationSeconds: durationSeconds })));
  return creds.sessionToken!;
}

describe('bearer /verify with cached signatures', () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    const env = { ROLEGATE_MASTER_KEY: randomBytes(32).toString('hex') };
    const redisPrefix = `rgtest:${randomBytes(6).toString('hex')}:`;
    [a, b] = await Promise.all([startRolegate({ storeKind: 'redis', redisPrefix, env }), startRolegate({ storeKind: 'redis', redisPrefix, env })]);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('a token cached on B and revoked on A is refused by B within a second', async () => {
    const token = await sessionToken(a, 'cached-revoked');
    assert.equal((await verifyBearer(b, token)).status, 200);
    const cachedEntries = b.rolegate.services.tokenVerifier.size;
    assert.equal((await verifyBearer(b, token)).status, 200);
    assert.equal(b.rolegate.services.tokenVerifier.size, cachedEntries, 'the second presentation was a cache hit');
    const revoked = await adminCall(a.url, ADMIN, 'POST', '/admin/revocations', { scope: 'session', accessKeyId: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const started = Date.now();
    let last = await verifyBearer(b, token);
    while (last.status === 200 && Date.now() - started < 3000) {
      await new Promise((r) => setTimeout(r, 20));
      last = await verifyBearer(b, token);
    }
    const elapsed = Date.now() - started;
    assert.equal(last.status, 403);
    assert.equal(last.body['error'].code, 'InvalidClientTokenId');
    assert.ok(elapsed <= 1000, `refused within a second (took ${elapsed} ms)`);
  });

  it('an expired token is refused although its signature is cached', async () => {
    const token = await sessionToken(b, 'cached-expiring', 900);
    assert.equal((await verifyBearer(b, token)).status, 200);
    b.clock.offsetMs = 900_000;
    try {
      const expired = await verifyBearer(b, token);
      assert.equal(expired.status, 403);
      assert.equal(expired.body['error'].code, 'ExpiredToken');
    } finally {
      b.clock.offsetMs = 0;
    }
  });

  it('a cached token changed in one character is not a hit: refused, and nothing is cached or stored', async () => {
    const token = await sessionToken(b, 'cached-tampered');
    assert.equal((await verifyBearer(b, token)).status, 200);
    const entries = b.rolegate.services.tokenVerifier.size;
    const mark = b.store.writes.length;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const at = Math.floor(signature.length / 2);
    const changedSignature = `${header}.${payload}.${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const changedPayload = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 1 })).toString('base64url')}.${signature}`;
    for (const forged of [changedSignature, changedPayload]) {
      const refused = await verifyBearer(b, forged);
      assert.equal(refused.status, 403);
      assert.equal(refused.body['error'].code, 'InvalidClientTokenId');
    }
    assert.equal(b.rolegate.services.tokenVerifier.size, entries, 'refused tokens are not cached');
    assert.deepEqual(b.store.writtenSince(mark), [], 'nothing stored for forged tokens');
    assert.equal((await verifyBearer(b, token)).status, 200, 'the genuine token still verifies');
  });
});
