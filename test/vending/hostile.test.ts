/**
 * Hostile requests to the metadata and container endpoints: each is refused with the documented
 * status, and nothing is issued (no `sess:` key is written; refused token requests write no token).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { writeRevocation } from '../../src/core/index.js';
import { BridgeError } from '../../src/errors.js';
import { revokeContainerToken, signContainerToken } from '../../src/vending/index.js';
import { sdkError, stsClient, UPDATE_APP } from '../helpers/demo.js';
import { APP_SERVER_INSTANCE, APP_SERVER_ROLE, CRITICAL_INSTANCE, demoConfigWith, startVendingRolegate, type VendingServer } from './helpers.js';

const SECOND_APP_SERVER = 'i-0123456789abcdef0';
const LEGACY_V1_INSTANCE = 'i-0fedcba9876543210';
const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/AppServerRole';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

async function call(base: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { method: init.method ?? 'GET', headers: init.headers ?? {} });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

describe('instance-metadata endpoint: hostile requests', () => {
  let server: VendingServer;
  let imds: string;

  before(async () => {
    const configDir = demoConfigWith((production) => {
      production.instances.push(
        { id: SECOND_APP_SERVER, name: 'app-server-2', instanceProfile: 'AppServerProfile' },
        { id: LEGACY_V1_INSTANCE, name: 'legacy-1', instanceProfile: 'AppServerProfile', metadataOptions: { httpTokens: 'optional' } },
      );
    });
    server = await startVendingRolegate({ configDir, env: { IMDS_INSTANCE_PORTS: `${APP_SERVER_INSTANCE}=0,${LEGACY_V1_INSTANCE}=0` } });
    imds = server.imdsUrl;
  });
  after(() => server?.close());

  async function token(base = imds, headers: Record<string, string> = {}): Promise<string> {
    const answer = await call(base, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '300', ...headers } });
    assert.equal(answer.status, 200, answer.body);
    return answer.body;
  }

  /** Runs `attempt` and proves no session was stored meanwhile. */
  async function nothingIssued(attempt: () => Promise<void>): Promise<void> {
    const mark = server.store.writes.length;
    await attempt();
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), [], 'no session may be issued');
  }

  it('without a token (IMDSv2 required) every metadata path answers 401', async () => {
    await nothingIssued(async () => {
      for (const path of ['/latest/meta-data/instance-id', '/latest/meta-data/iam/security-credentials/', CREDENTIALS_PATH]) {
        assert.equal((await call(imds, path)).status, 401, path);
      }
    });
  });

  it('an unknown or malformed token answers 401', async () => {
    await nothingIssued(async () => {
      for (const value of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'not a token!', 'x'.repeat(5000)]) {
        const answer = await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': value } });
        assert.equal(answer.status, 401);
        assert.ok(!answer.body.includes(value.slice(0, 20)) || value === 'x'.repeat(5000), 'the token is not echoed');
      }
    });
  });

  it('an expired token answers 401', async () => {
    const answer = await call(imds, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '1' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '1');
    assert.equal((await call(imds, '/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': answer.body } })).status, 200);
    server.clock.offsetMs += 1500;
    await nothingIssued(async () => {
      assert.equal((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': answer.body } })).status, 401);
    });
  });

  it('a token request needs X-aws-ec2-metadata-token-ttl-seconds from 1 to 21600 (else 400, no token stored)', async () => {
    const mark = server.store.writes.length;
    for (const ttl of [undefined, '0', '21601', '-5', 'abc', '1.5', '']) {
      const headers: Record<string, string> = ttl === undefined ? {} : { 'X-aws-ec2-metadata-token-ttl-seconds': ttl };
      assert.equal((await call(imds, '/latest/api/token', { method: 'PUT', headers })).status, 400, `ttl ${ttl}`);
    }
    assert.deepEqual(server.store.writtenSince(mark, 'imds:token:'), []);
    for (const ttl of ['1', '21600']) {
      const answer = await call(imds, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': ttl } });
      assert.equal(answer.status, 200);
      assert.match(answer.body, /^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('a token is bound to its instance: it reads only that instance, never another instance’s credentials', async () => {
    // On the shared listener, a token for the second app server answers for the second app server.
    const second = await token(imds, { 'X-rolegate-instance-id': SECOND_APP_SERVER });
    assert.equal((await call(imds, '/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': second } })).body, SECOND_APP_SERVER);
    const document = JSON.parse((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': second } })).body);
    const identity = await stsClient(server.url, { accessKeyId: document.AccessKeyId, secretAccessKey: document.SecretAccessKey, sessionToken: document.Token }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Arn, `arn:aws:sts::222222222222:assumed-role/AppServerRole/${SECOND_APP_SERVER}`);

    // On the listener pinned to the first app server, the second one's token is refused…
    const pinned = server.pinnedUrls[APP_SERVER_INSTANCE]!;
    await nothingIssued(async () => {
      assert.equal((await call(pinned, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': second } })).status, 401);
      assert.equal((await call(pinned, '/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': second } })).status, 401);
      // …and so is asking it for a token of another instance.
      const asked = await call(pinned, '/latest/api/token', {
        method: 'PUT',
        headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60', 'X-rolegate-instance-id': SECOND_APP_SERVER },
      });
      assert.equal(asked.status, 400);
      // An instance without an instance profile has no credentials to read, whatever role name is asked for.
      const bare = await token(imds, { 'X-rolegate-instance-id': CRITICAL_INSTANCE });
      assert.equal((await call(imds, '/latest/meta-data/iam/security-credentials/', { headers: { 'X-aws-ec2-metadata-token': bare } })).status, 404);
      assert.equal((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': bare } })).status, 404);
      assert.equal((await call(imds, '/latest/meta-data/iam/info', { headers: { 'X-aws-ec2-metadata-token': bare } })).status, 404);
    });
    // Unknown instance ids are refused at token time.
    const unknown = await call(imds, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60', 'X-rolegate-instance-id': 'i-00000000' } });
    assert.equal(unknown.status, 400);
  });

  it('proxied requests (X-Forwarded-For, Forwarded, Via) are refused with 403 and audited', async () => {
    const valid = await token();
    await nothingIssued(async () => {
      const mark = server.store.writes.length;
      const put = await call(imds, '/latest/api/token', { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60', 'X-Forwarded-For': '203.0.113.9' } });
      assert.equal(put.status, 403);
      assert.deepEqual(server.store.writtenSince(mark, 'imds:token:'), [], 'no token for a proxied request');
      const proxies: Array<Record<string, string>> = [{ 'X-Forwarded-For': '203.0.113.9' }, { Forwarded: 'for=203.0.113.9' }, { Via: '1.1 proxy' }, { 'X-Real-IP': '203.0.113.9' }];
      for (const proxy of proxies) {
        const answer = await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': valid, ...proxy } });
        assert.equal(answer.status, 403, JSON.stringify(proxy));
        assert.doesNotMatch(answer.body, /ASIA|SecretAccessKey/);
      }
    });
    const refused = (await server.rolegate.services.audit.latest(50)).filter((e) => e.type === 'credentials.refused');
    assert.ok(refused.some((e) => /proxy headers present/.test(e.reason ?? '')));
  });

  it('a role name that is not the instance’s role answers 404', async () => {
    const valid = await token();
    await nothingIssued(async () => {
      for (const name of ['UpdateAPP', 'appserverrole', 'AppServerRole/extra', 'AppServerRole%2F..%2FUpdateAPP', 'AppServerRole%00']) {
        const answer = await call(imds, `/latest/meta-data/iam/security-credentials/${name}`, { headers: { 'X-aws-ec2-metadata-token': valid } });
        assert.equal(answer.status, 404, name);
      }
    });
    // The right name works with the same token.
    assert.equal((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': valid } })).status, 200);
  });

  it('a Host header naming another site (DNS rebinding) is refused with 403', async () => {
    const valid = await token();
    await nothingIssued(async () => {
      // fetch() may not set Host; node:http can, as a browser after DNS rebinding would.
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${imds}${CREDENTIALS_PATH}`);
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { 'X-aws-ec2-metadata-token': valid, Host: 'attacker.example:80' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 403);
    });
  });

  it('wrong methods answer 405', async () => {
    assert.equal((await call(imds, '/latest/api/token')).status, 405);
    assert.equal((await call(imds, '/latest/api/token', { method: 'POST', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } })).status, 405);
    assert.equal((await call(imds, '/latest/meta-data/instance-id', { method: 'POST' })).status, 405);
  });

  it('IMDSv1 (no token) is answered only for an instance configured with httpTokens=optional', async () => {
    const legacy = server.pinnedUrls[LEGACY_V1_INSTANCE]!;
    assert.equal((await call(legacy, '/latest/meta-data/instance-id')).body, LEGACY_V1_INSTANCE);
    const document = JSON.parse((await call(legacy, CREDENTIALS_PATH)).body);
    assert.equal(document.Code, 'Success');
    assert.equal((await call(server.pinnedUrls[APP_SERVER_INSTANCE]!, '/latest/meta-data/instance-id')).status, 401);
    // A token, when sent, must be valid even where v1 is allowed.
    assert.equal((await call(legacy, '/latest/meta-data/instance-id', { headers: { 'X-aws-ec2-metadata-token': 'bogus' } })).status, 401);
  });

  it('the metadata documents have the documented shape', async () => {
    const valid = await token(server.pinnedUrls[APP_SERVER_INSTANCE]!);
    const get = async (path: string) => (await call(server.pinnedUrls[APP_SERVER_INSTANCE]!, path, { headers: { 'X-aws-ec2-metadata-token': valid } })).body;
    assert.equal(await get('/latest/meta-data/iam/security-credentials/'), 'AppServerRole');
    assert.equal(await get('/latest/meta-data/placement/region'), 'us-east-1');
    assert.equal(await get('/latest/meta-data/instance-id'), APP_SERVER_INSTANCE);
    const document = JSON.parse(await get(CREDENTIALS_PATH));
    assert.deepEqual(Object.keys(document), ['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    assert.equal(document.Type, 'AWS-HMAC');
    assert.match(document.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(document.LastUpdated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const info = JSON.parse(await get('/latest/meta-data/iam/info'));
    assert.equal(info.InstanceProfileArn, 'arn:aws:iam::222222222222:instance-profile/AppServerProfile');
    assert.match(info.InstanceProfileId, /^AIPA[A-Z2-7]{17}$/);
    const identity = JSON.parse(await get('/latest/dynamic/instance-identity/document'));
    assert.equal(identity.accountId, '222222222222');
    assert.equal(identity.instanceId, APP_SERVER_INSTANCE);
  });

  it('fails closed: with the store unreachable nothing is handed out, not even a cached credential (503)', async () => {
    const valid = await token();
    assert.equal((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': valid } })).status, 200);
    const original = server.store.get.bind(server.store);
    server.store.get = async () => {
      throw new BridgeError('STORE_UNAVAILABLE', { detail: 'test: store down' });
    };
    server.rolegate.services.resolver.invalidate();
    try {
      const answer = await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': valid } });
      assert.equal(answer.status, 503);
      assert.doesNotMatch(answer.body, /ASIA|SecretAccessKey/);
    } finally {
      server.store.get = original;
    }
    assert.equal((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': valid } })).status, 200, 'service resumes by itself');
  });

  it('a revoked instance session is not handed out again: the next request gets fresh credentials', async () => {
    const valid = await token();
    const before = JSON.parse((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': valid } })).body);
    await writeRevocation(server.store, { scope: 'login', loginId: `instance:${APP_SERVER_INSTANCE}` }, server.clock.now());
    server.rolegate.services.resolver.invalidate();
    server.clock.offsetMs += 1000;
    const revoked = await sdkError(
      stsClient(server.url, { accessKeyId: before.AccessKeyId, secretAccessKey: before.SecretAccessKey, sessionToken: before.Token }).send(new GetCallerIdentityCommand({})),
    );
    assert.equal(revoked.name, 'InvalidClientTokenId');
    const after = JSON.parse((await call(imds, CREDENTIALS_PATH, { headers: { 'X-aws-ec2-metadata-token': valid } })).body);
    assert.notEqual(after.AccessKeyId, before.AccessKeyId);
    const identity = await stsClient(server.url, { accessKeyId: after.AccessKeyId, secretAccessKey: after.SecretAccessKey, sessionToken: after.Token }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Arn, `arn:aws:sts::222222222222:assumed-role/AppServerRole/${APP_SERVER_INSTANCE}`);
  });
});

describe('container-credentials endpoint: hostile requests', () => {
  let server: VendingServer;
  let endpoint: string;
  before(async () => {
    server = await startVendingRolegate();
    endpoint = `${server.imdsUrl}/v1/credentials`;
  });
  after(() => server?.close());

  async function refused(headers: Record<string, string>, status: number, code: string): Promise<void> {
    const mark = server.store.writes.length;
    const response = await fetch(endpoint, { headers });
    assert.equal(response.status, status);
    const body = (await response.json()) as { code: string; message: string };
    assert.equal(body.code, code);
    assert.equal(typeof body.message, 'string');
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), [], 'no session may be issued');
  }

  const claims = (overrides: Partial<{ jti: string; role: string; session: string; iat: number; exp: number }> = {}) => {
    const now = Math.floor(server.clock.now() / 1000);
    return { jti: randomBytes(16).toString('base64url'), role: APP_SERVER_ROLE, session: 'task', iat: now, exp: now + 3600, ...overrides };
  };

  it('without a token: 401', async () => {
    await refused({}, 401, 'MissingToken');
  });

  it('an unknown, forged or tampered token: 403', async () => {
    await refused({ Authorization: 'Bearer something' }, 403, 'InvalidToken');
    await refused({ Authorization: signContainerToken({ master: randomBytes(32) }, claims()) }, 403, 'InvalidToken');
    const genuine = server.rolegate.vending.issueContainerToken({ roleArn: APP_SERVER_ROLE, sessionName: 'task', ttlSeconds: 3600 }).token;
    const [prefix, payload, mac] = genuine.split('.');
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: UPDATE_APP })).toString('base64url');
    await refused({ Authorization: `${prefix}.${changed}.${mac}` }, 403, 'InvalidToken');
  });

  it('an expired token: 403', async () => {
    const { token } = server.rolegate.vending.issueContainerToken({ roleArn: APP_SERVER_ROLE, sessionName: 'short', ttlSeconds: 900 });
    server.clock.offsetMs += 901_000;
    await refused({ Authorization: token }, 403, 'ExpiredToken');
  });

  it('a revoked token: 403', async () => {
    const issued = server.rolegate.vending.issueContainerToken({ roleArn: APP_SERVER_ROLE, sessionName: 'gone', ttlSeconds: 3600 });
    assert.equal((await fetch(endpoint, { headers: { Authorization: issued.token } })).status, 200);
    await revokeContainerToken(server.store, issued.claims);
    await refused({ Authorization: issued.token }, 403, 'InvalidToken');
  });

  it('a validly signed token for a role that does not trust containers: 403, nothing issued', async () => {
    // The operator action refuses to issue it…
    assert.throws(() => server.rolegate.vending.issueContainerToken({ roleArn: UPDATE_APP, sessionName: 'task', ttlSeconds: 3600 }), /does not trust the service principal ecs-tasks\.amazonaws\.com/);
    // …and a token signed anyway is refused by the trust policy when minting.
    await refused({ Authorization: signContainerToken(server.rolegate.services.keys, claims({ role: UPDATE_APP })) }, 403, 'AccessDenied');
  });

  it('a proxied request: 403', async () => {
    const { token } = server.rolegate.vending.issueContainerToken({ roleArn: APP_SERVER_ROLE, sessionName: 'task', ttlSeconds: 3600 });
    await refused({ Authorization: token, 'X-Forwarded-For': '203.0.113.9' }, 403, 'AccessDenied');
  });
});
