/**
 * The Express middleware a downstream Node app mounts: it only declares how routes map to
 * actions and resources; SigV4 and bearer callers are verified through rolegate.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { rolegateVerifier, type VerifierRequest } from '../../src/middleware/index.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ADMIN, ALICE, BOB, UPDATE_APP, credentialsOf, stsClient } from '../helpers/demo.js';
import { signRequest } from '../helpers/sign.js';
import { adminCall } from '../helpers/admin.js';

describe('rolegateVerifier middleware in a downstream Express app', () => {
  let rolegate: TestServer;
  let app: Server;
  let appUrl: string;
  let rolegateCalls = 0;

  before(async () => {
    rolegate = await startRolegate();
    const downstream = express();
    downstream.use(express.raw({ type: () => true }));
    downstream.use(
      rolegateVerifier({
        rolegateUrl: rolegate.url,
        service: 'reports',
        fetch: (input, init) => {
          rolegateCalls++;
          return fetch(input, init);
        },
        authorize: (req: VerifierRequest) => {
          const match = /^\/files\/([a-z0-9-]+)\/(.+)$/.exec(req.url);
          if (!match) return undefined;
          const action = req.method === 'GET' ? 's3:GetObject' : req.method === 'PUT' ? 's3:PutObject' : 's3:DeleteObject';
          return { action, resource: `arn:aws:s3:::${match[1]}/${match[2]}`, resourceAccount: '222222222222' };
        },
      }),
    );
    downstream.get('/public', (_req, res) => void res.json({ ok: true }));
    downstream.all('/files/{*rest}', (req, res) => void res.json({ ok: true, principal: (req as unknown as VerifierRequest).rolegate?.principal['arn'], mode: (req as unknown as VerifierRequest).rolegate?.mode }));
    app = await new Promise((resolve) => {
      const s = downstream.listen(0, '127.0.0.1', () => resolve(s));
    });
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  after(async () => {
    app.closeAllConnections();
    await new Promise((r) => app.close(r));
    await rolegate.close();
  });

  async function signedFetch(method: string, path: string, credentials: Parameters<typeof signRequest>[0]['credentials'], body = '') {
    const signed = await signRequest({ method, url: `${appUrl}${path}`, service: 'reports', credentials, body });
    const headers = { ...signed.headers };
    delete headers['host'];
    const response = await fetch(`${appUrl}${path}`, { method, headers, ...(body ? { body } : {}) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('lets unmapped routes through and verifies mapped ones (SigV4)', async () => {
    assert.equal((await fetch(`${appUrl}/public`)).status, 200);
    const session = credentialsOf(await stsClient(rolegate.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'mw' })));
    const ok = await signedFetch('PUT', '/files/productionapp/report.txt', session, 'data');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body['principal'], 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/mw');
    assert.equal(ok.body['mode'], 'sigv4');
    const denied = await signedFetch('GET', '/files/otherbucket/report.txt', session);
    assert.equal(denied.status, 403);
    assert.equal(denied.body['error'].code, 'AccessDenied');
    assert.match(denied.body['explanation'], /./);
    const bob = await signedFetch('GET', '/files/productionapp/report.txt', BOB);
    assert.equal(bob.status, 403);
    const unsigned = await fetch(`${appUrl}/files/productionapp/report.txt`);
    assert.equal(unsigned.status, 403);
  });

  it('a tampered body is refused even though the signature header is intact', async () => {
    const session = credentialsOf(await stsClient(rolegate.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'mw2' })));
    const signed = await signRequest({ method: 'PUT', url: `${appUrl}/files/productionapp/x`, service: 'reports', credentials: session, body: 'original' });
    const headers = { ...signed.headers };
    delete headers['host'];
    const response = await fetch(`${appUrl}/files/productionapp/x`, { method: 'PUT', headers, body: 'tampered' });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as Record<string, any>)['error'].code, 'SignatureDoesNotMatch');
  });

  it('bearer tokens: forged ones never reach rolegate, decisions are cached briefly, revocation holds within a second', async () => {
    const session = credentialsOf(await stsClient(rolegate.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'bearer' })));
    const get = (token: string) => fetch(`${appUrl}/files/productionapp/a.txt`, { headers: { authorization: `Bearer ${token}` } });
    const callsBefore = rolegateCalls;
    const forged = await get(`${session.sessionToken!.slice(0, -8)}AAAAAAAA`);
    assert.equal(forged.status, 403);
    assert.equal(rolegateCalls, callsBefore, 'a forged token is rejected offline with the JWKS');
    assert.equal((await get(session.sessionToken!)).status, 200);
    const afterFirst = rolegateCalls;
    assert.equal((await get(session.sessionToken!)).status, 200);
    assert.equal(rolegateCalls, afterFirst, 'the second identical request is served from the cache');
    await adminCall(rolegate.url, ADMIN, 'POST', '/admin/revocations', { scope: 'session', accessKeyId: session.accessKeyId });
    const started = Date.now();
    let status = 200;
    while (Date.now() - started < 3000) {
      status = (await get(session.sessionToken!)).status;
      if (status !== 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 403);
    assert.ok(Date.now() - started <= 1200, `revocation took effect within a second (${Date.now() - started} ms)`);
  });
});
