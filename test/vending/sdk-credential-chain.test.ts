/**
 * The AWS SDK's default credential chain, with only environment variables pointing at rolegate,
 * gets role credentials from the instance-metadata endpoint and from the container endpoint,
 * refreshes them when they near expiry, and GetCallerIdentity answers the session ARN.
 * Clients are real: a child node process with @aws-sdk/client-sts, and boto3.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { APP_SERVER_INSTANCE, APP_SERVER_ROLE, APP_SERVER_SESSION_ARN, cleanEnv, startSdkChild, startVendingRolegate, type VendingServer } from './helpers.js';

const HOUR = 3600_000;
const run = promisify(execFile);

function findPythonWithBoto3(): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}
const python = findPythonWithBoto3();
const inCi = process.env['CI'] === 'true';

async function issuedFor(server: VendingServer, sessionArn: string) {
  const events = await server.rolegate.services.audit.latest(200);
  return events.filter((e) => e.type === 'credentials.issued' && e.sessionArn === sessionArn);
}

describe('SDK default credential chain via the instance-metadata endpoint (IMDSv2)', () => {
  let server: VendingServer;
  before(async () => {
    server = await startVendingRolegate();
  });
  after(() => server?.close());

  it('GetCallerIdentity answers the instance role session, credentials refresh before expiry, and every issuance is audited', async () => {
    const child = startSdkChild(
      cleanEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.imdsUrl, AWS_ENDPOINT_URL_STS: server.url, AWS_REGION: 'us-east-1' }),
    );
    try {
      const first = await child.call();
      assert.equal(first.arn, APP_SERVER_SESSION_ARN);
      assert.match(first.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
      // Sessions last 6 h (the role allows 6 h).
      const lifetime = Date.parse(first.expiration!) - Date.now();
      assert.ok(lifetime > 5.9 * HOUR && lifetime <= 6 * HOUR, `lifetime ${lifetime}`);
      const again = await child.call();
      assert.equal(again.accessKeyId, first.accessKeyId, 'cached by the SDK while valid');

      // Time passes for both sides: 3 minutes before expiry the SDK refreshes by itself (in the
      // background: the old credentials, still valid, serve meanwhile).
      const jump = 6 * HOUR - 3 * 60_000;
      server.clock.offsetMs += jump;
      await child.shift(jump);
      const refreshed = await child.callUntilRefreshed(first.accessKeyId);
      assert.equal(refreshed.arn, APP_SERVER_SESSION_ARN);
      assert.notEqual(refreshed.accessKeyId, first.accessKeyId, 'new credentials were fetched');
      assert.ok(Date.parse(refreshed.expiration!) - (Date.now() + jump) > 5.9 * HOUR, 'the new credentials are fresh');

      // Past expiry (a process that slept through it): the SDK blocks on a fresh fetch.
      const later = 6 * HOUR + 60_000;
      server.clock.offsetMs += later;
      await child.shift(later);
      const afterExpiry = await child.call();
      assert.equal(afterExpiry.arn, APP_SERVER_SESSION_ARN);
      assert.ok(![first.accessKeyId, refreshed.accessKeyId].includes(afterExpiry.accessKeyId));

      const issued = await issuedFor(server, APP_SERVER_SESSION_ARN);
      assert.equal(issued.length, 3);
      assert.ok(issued.every((e) => e.principal === 'ec2.amazonaws.com' && e.role === APP_SERVER_ROLE && e.action === 'sts:AssumeRole'));
      assert.deepEqual(new Set(issued.map((e) => e.accessKeyId)), new Set([first.accessKeyId, refreshed.accessKeyId, afterExpiry.accessKeyId]));
    } finally {
      await child.stop();
    }
  });

  it('the session carries loginId instance:<id>, and the console view shows which instance holds which role', async () => {
    const credentials = await server.rolegate.vending.instanceCredentials(APP_SERVER_INSTANCE);
    const session = await server.rolegate.services.sessions.find(credentials.accessKeyId);
    assert.equal(session?.loginId, `instance:${APP_SERVER_INSTANCE}`);
    assert.equal(session?.sessionName, APP_SERVER_INSTANCE);
    assert.equal(session?.chained, false, 'instance-profile sessions are not role chaining');

    const views = await server.rolegate.vending.listInstanceSessions('222222222222');
    const app = views.find((v) => v.instanceId === APP_SERVER_INSTANCE);
    assert.equal(app?.roleArn, APP_SERVER_ROLE);
    assert.equal(app?.instanceProfileArn, 'arn:aws:iam::222222222222:instance-profile/AppServerProfile');
    assert.equal(app?.session?.arn, APP_SERVER_SESSION_ARN);
    assert.equal(app?.session?.accessKeyId, credentials.accessKeyId);
    const critical = views.find((v) => v.tags['critical'] === 'true');
    assert.ok(critical, 'the instance tagged critical=true is listed');
    assert.equal(critical.roleArn, undefined);
    assert.equal(critical.session, undefined);
  });
});

describe('SDK default credential chain via the container-credentials endpoint', () => {
  let server: VendingServer;
  before(async () => {
    server = await startVendingRolegate();
  });
  after(() => server?.close());

  it('FULL_URI + AUTHORIZATION_TOKEN: GetCallerIdentity answers the bound role session, and credentials refresh', async () => {
    const { token, claims } = server.rolegate.vending.issueContainerToken({ roleArn: APP_SERVER_ROLE, sessionName: 'web-task', ttlSeconds: 24 * 3600 });
    const child = startSdkChild(
      cleanEnv({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.imdsUrl}/v1/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
        AWS_ENDPOINT_URL_STS: server.url,
        AWS_REGION: 'us-east-1',
      }),
    );
    try {
      const first = await child.call();
      assert.equal(first.arn, 'arn:aws:sts::222222222222:assumed-role/AppServerRole/web-task');
      const jump = 6 * HOUR - 2 * 60_000;
      server.clock.offsetMs += jump;
      await child.shift(jump);
      const refreshed = await child.callUntilRefreshed(first.accessKeyId);
      assert.equal(refreshed.arn, first.arn);
      assert.notEqual(refreshed.accessKeyId, first.accessKeyId);
      const issued = await issuedFor(server, first.arn);
      assert.equal(issued.length, 2);
      assert.ok(issued.every((e) => e.principal === 'ecs-tasks.amazonaws.com'));
      const session = await server.rolegate.services.sessions.find(refreshed.accessKeyId);
      assert.equal(session?.loginId, `container:${claims.jti}`);
    } finally {
      await child.stop();
    }
  });

  it('the response carries the documented fields plus AccountId and RoleArn', async () => {
    const { token } = server.rolegate.vending.issueContainerToken({ roleArn: APP_SERVER_ROLE, sessionName: 'shape', ttlSeconds: 3600 });
    const response = await fetch(`${server.imdsUrl}/v1/credentials`, { headers: { Authorization: token, Accept: 'application/json' } });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(body).sort(), ['AccessKeyId', 'AccountId', 'Expiration', 'RoleArn', 'SecretAccessKey', 'Token']);
    assert.match(body['Expiration']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(body['AccountId'], '222222222222');
    assert.equal(body['RoleArn'], APP_SERVER_ROLE);
  });
});

describe('boto3 via the instance-metadata and container endpoints', { skip: !python && !inCi ? 'boto3 not installed' : false }, () => {
  let server: VendingServer;
  before(async () => {
    assert.ok(python, 'boto3 must be installed in CI');
    server = await startVendingRolegate();
  });
  after(() => server?.close());

  const script = 'import boto3; print(boto3.client("sts").get_caller_identity()["Arn"])';

  it('boto3 default chain → IMDS → GetCallerIdentity', async () => {
    const { stdout } = await run(python!, ['-c', script], {
      env: cleanEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.imdsUrl, AWS_ENDPOINT_URL_STS: server.url, AWS_DEFAULT_REGION: 'us-east-1' }),
      timeout: 60_000,
    });
    assert.equal(stdout.trim(), APP_SERVER_SESSION_ARN);
  });

  it('boto3 default chain → container endpoint → GetCallerIdentity', async () => {
    const { token } = server.rolegate.vending.issueContainerToken({ roleArn: APP_SERVER_ROLE, sessionName: 'py-task', ttlSeconds: 3600 });
    const { stdout } = await run(python!, ['-c', script], {
      env: cleanEnv({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.imdsUrl}/v1/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
        AWS_ENDPOINT_URL_STS: server.url,
        AWS_DEFAULT_REGION: 'us-east-1',
      }),
      timeout: 60_000,
    });
    assert.equal(stdout.trim(), 'arn:aws:sts::222222222222:assumed-role/AppServerRole/py-task');
  });
});
