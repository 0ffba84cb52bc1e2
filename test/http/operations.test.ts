/**
 * /healthz, /readyz, /metrics, request ids on every response, and logs without secrets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, UPDATE_APP, credentialsOf, stsClient } from '../helpers/demo.js';

describe('operations endpoints and logs', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  it('/healthz and /readyz answer, readiness names the store', async () => {
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', store: 'memory' });
  });

  it('/readyz is 503 when the store does not answer', async () => {
    const original = server.store.ping.bind(server.store);
    server.store.ping = async () => {
      throw new Error('down');
    };
    try {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
    } finally {
      server.store.ping = original;
    }
  });

  it('/metrics is Prometheus text and counts STS actions', async () => {
    await stsClient(server.url, ALICE).send(new GetCallerIdentityCommand({}));
    const response = await fetch(`${server.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /# TYPE rolegate_query_actions_total counter/);
    assert.match(text, /rolegate_query_actions_total\{action="GetCallerIdentity",result="OK"\} \d+/);
  });

  it('every response carries x-amzn-RequestId, also 404s', async () => {
    const missing = await fetch(`${server.url}/nope`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('log lines are JSON with a request id, and never contain secrets', async () => {
    const result = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'logcheck' }));
    const creds = credentialsOf(result);
    await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));
    await new Promise((r) => setTimeout(r, 50));
    const lines = server.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((l) => l['msg'] === 'request');
    assert.ok(requests.length >= 2);
    for (const line of requests) assert.match(String(line['reqId']), /^[0-9a-f-]{36}$/);
    assert.ok(requests.some((l) => l['action'] === 'AssumeRole'));
    const all = server.logLines.join('\n');
    for (const secret of [ALICE.secretAccessKey, creds.secretAccessKey, creds.sessionToken!, 'Authorization', 'Signature=']) {
      assert.ok(!all.includes(secret), `logs must not contain ${secret.slice(0, 12)}…`);
    }
  });

  it('audit events record issuance and refusal without secrets', async () => {
    const events = await server.rolegate.services.audit.latest(50);
    const issued = events.find((e) => e.type === 'credentials.issued' && e.sessionArn?.endsWith('/logcheck'));
    assert.ok(issued, 'issuance is audited');
    assert.equal(issued.principal, 'arn:aws:iam::111111111111:user/alice');
    assert.ok(!JSON.stringify(events).includes(ALICE.secretAccessKey));
  });
});
