/**
 * `POST /admin/explain`: SigV4-signed JSON (signing name `rolegate` or `iam`), authorised by
 * `iam:SimulatePrincipalPolicy` on the principal asked about, answering the full decision and the
 * readable explanation. Hostile and malformed requests get the right catalog code and store nothing.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ADMIN, ALICE, BOB, EXTERNAL_ID, PRODUCTION_READ_ONLY, THIRD_PARTY_AUDITOR, UPDATE_APP } from '../helpers/demo.js';

class NodeSha256 {
  readonly #hash;
  constructor(secret?: unknown) {
    this.#hash = secret ? createHmac('sha256', secret as string) : createHash('sha256');
  }
  update(data: Uint8Array | string) {
    this.#hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
  reset() {}
}

interface Answer {
  status: number;
  // Loosely typed on purpose: the tests read the JSON answer member by member.
  body: Record<string, any>;
}

async function signedHeaders(url: URL, credentials: AwsCredentialIdentity, body: string, service: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials, sha256: NodeSha256 as never });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/admin/explain',
    headers: { host: url.host, 'content-type': 'application/json', 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
    body,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers['host'];
  return headers;
}

async function post(baseUrl: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const response = await fetch(`${baseUrl}/admin/explain`, { method: 'POST', headers, body });
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const BOB_ARN = 'arn:aws:iam::111111111111:user/bob';
const ALICE_ARN = 'arn:aws:iam::111111111111:user/alice';
const AUDITOR_ARN = 'arn:aws:iam::333333333333:user/auditor';

describe('POST /admin/explain', () => {
  let server: TestServer;
  let mark: number;
  before(async () => {
    server = await startRolegate();
    mark = server.store.writes.length;
  });
  after(async () => {
    assert.deepEqual(server.store.writtenSince(mark), [], 'explaining, and refusing to, stores nothing');
    await server.close();
  });

  const explain = async (request: unknown, credentials: AwsCredentialIdentity = ALICE, service = 'rolegate') => {
    const body = JSON.stringify(request);
    return post(server.url, await signedHeaders(new URL(server.url), credentials, body, service), body);
  };

  describe('explanations', () => {
    it("bob → sts:AssumeRole on UpdateAPP: denied, with the trust policy's delegation and the nearest miss", async () => {
      const { status, body } = await explain({ principalArn: BOB_ARN, action: 'sts:AssumeRole', resource: UPDATE_APP });
      assert.equal(status, 200);
      assert.equal(body['decision'], 'ImplicitDeny');
      assert.equal(body['allowed'], false);
      assert.equal(body['trustPolicyOf'], UPDATE_APP);
      assert.deepEqual(body['verdicts'], { identity: 'none', resource: 'allow', boundary: 'absent', session: 'absent' });
      assert.deepEqual(body['determining'], []);
      assert.equal(body['matched'][0].policyId, `${UPDATE_APP}#trust`);
      assert.match(body['summary'], /no identity policy allows sts:AssumeRole/);
      const miss = body['nearestMiss'];
      assert.equal(miss.policyRole, 'identity');
      assert.equal(miss.mismatches[0].element, 'Action');
      assert.match(body['explanation'], /^Principal: arn:aws:iam::111111111111:user\/bob\n/);
      assert.match(body['explanation'], /Decision: ImplicitDeny/);
      assert.match(body['explanation'], /Nearest miss: /);
      assert.equal(body['context']['aws:username'], 'bob');
      assert.equal(body['context']['aws:PrincipalTag/team'], 'qa');
      assert.equal(body['context']['aws:ResourceTag/environment'], 'production', "the role's tags, as AssumeRole sets them");
      assert.match(body['requestId'], /^[0-9a-f-]{36}$/);
    });

    it('alice → sts:AssumeRole on UpdateAPP: allowed by her group policy and the trust policy', async () => {
      const { status, body } = await explain({ principalArn: ALICE_ARN, action: 'sts:AssumeRole', resource: UPDATE_APP });
      assert.equal(status, 200);
      assert.equal(body['decision'], 'Allow');
      assert.deepEqual(
        body['determining'].map((r: { policyId: string; policyRole: string; sid: string }) => [r.policyRole, r.policyId, r.sid]),
        [
          ['identity', 'arn:aws:iam::111111111111:group/Developers#inline/SwitchToProduction', 'AssumeProductionRoles'],
          ['resource', `${UPDATE_APP}#trust`, 'TrustDevelopmentAccount'],
        ],
      );
      assert.equal(body['nearestMiss'], undefined);
      assert.match(body['explanation'], /Determining statements:/);
    });

    it('the auditor: the nearest miss names sts:ExternalId and the value seen; the right id allows', async () => {
      const wrong = await explain({ principalArn: AUDITOR_ARN, action: 'sts:AssumeRole', resource: THIRD_PARTY_AUDITOR, context: { 'sts:ExternalId': 'guess' } }, ADMIN);
      assert.equal(wrong.status, 200);
      assert.equal(wrong.body['decision'], 'ImplicitDeny');
      const [mismatch] = wrong.body['nearestMiss'].mismatches;
      assert.equal(mismatch.element, 'Condition');
      assert.equal(mismatch.key, 'sts:ExternalId');
      assert.equal(mismatch.actual, 'guess');
      assert.deepEqual(mismatch.expected, [EXTERNAL_ID]);
      assert.match(wrong.body['explanation'], /sts:ExternalId: expected one of \["Audit-7f3c9e"\], got "guess"/);

      const missing = await explain({ principalArn: AUDITOR_ARN, action: 'sts:AssumeRole', resource: THIRD_PARTY_AUDITOR }, ADMIN);
      assert.deepEqual(missing.body['missingContextKeys'], ['sts:ExternalId']);

      const right = await explain({ principalArn: AUDITOR_ARN, action: 'sts:AssumeRole', resource: THIRD_PARTY_AUDITOR, context: { 'sts:ExternalId': EXTERNAL_ID } }, ADMIN);
      assert.equal(right.body['decision'], 'Allow');
    });

    it('a role is explained as a session of it; a session policy only narrows', async () => {
      const object = 'arn:aws:s3:::productionapp/index.html';
      const plain = await explain({ principalArn: UPDATE_APP, action: 's3:GetObject', resource: object }, ADMIN);
      assert.equal(plain.body['decision'], 'Allow');
      assert.equal(plain.body['principal'].arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/rolegate-explain');
      const narrowed = await explain(
        {
          principalArn: 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/deploy',
          action: 's3:GetObject',
          resource: object,
          sessionPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] },
        },
        ADMIN,
      );
      assert.equal(narrowed.body['decision'], 'ImplicitDeny');
      assert.equal(narrowed.body['principal'].arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/deploy');
      assert.equal(narrowed.body['verdicts'].session, 'none');
      assert.match(narrowed.body['summary'], /no session policy allows s3:GetObject/);
      const chained = await explain({ principalArn: UPDATE_APP, action: 'sts:AssumeRole', resource: PRODUCTION_READ_ONLY }, ADMIN);
      assert.equal(chained.body['decision'], 'Allow', 'ProductionReadOnly trusts UpdateAPP sessions');
    });

    it('the signing name iam works as well as rolegate', async () => {
      const { status, body } = await explain({ principalArn: ALICE_ARN, action: 's3:GetObject', resource: 'arn:aws:s3:::dev-builds/a' }, ALICE, 'iam');
      assert.equal(status, 200);
      assert.equal(body['decision'], 'Allow');
    });
  });

  describe('refusals', () => {
    const good = { principalArn: BOB_ARN, action: 'sts:AssumeRole', resource: UPDATE_APP };

    it('unsigned → 403 MISSING_AUTHENTICATION', async () => {
      const { status, body } = await post(server.url, { 'content-type': 'application/json' }, JSON.stringify(good));
      assert.equal(status, 403);
      assert.equal(body['error'].code, 'MISSING_AUTHENTICATION');
      assert.equal(body['decision'], undefined);
    });

    it('wrong secret → 403 SIGNATURE_MISMATCH; a body changed after signing → 403', async () => {
      const body = JSON.stringify(good);
      const wrong = await post(server.url, await signedHeaders(new URL(server.url), { ...ALICE, secretAccessKey: BOB.secretAccessKey }, body, 'rolegate'), body);
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body['error'].code, 'SIGNATURE_MISMATCH');
      const headers = await signedHeaders(new URL(server.url), ALICE, body, 'rolegate');
      const tampered = await post(server.url, headers, JSON.stringify({ ...good, principalArn: ALICE_ARN }));
      assert.equal(tampered.status, 403);
      assert.ok(['SIGNATURE_MISMATCH', 'CONTENT_SHA256_MISMATCH'].includes(tampered.body['error'].code), tampered.body['error'].code);
    });

    it('signed for another service → 403', async () => {
      const { status, body } = await explain(good, ALICE, 'sts');
      assert.equal(status, 403);
      assert.equal(body['error'].code, 'SIGNATURE_MISMATCH');
      assert.match(body['error'].message, /rolegate/);
    });

    it('unknown access key → 403 INVALID_CLIENT_TOKEN', async () => {
      const { status, body } = await explain(good, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: ALICE.secretAccessKey });
      assert.equal(status, 403);
      assert.equal(body['error'].code, 'INVALID_CLIENT_TOKEN');
    });

    it('bob lacks iam:SimulatePrincipalPolicy → 403 ACCESS_DENIED', async () => {
      const { status, body } = await explain(good, BOB);
      assert.equal(status, 403);
      assert.equal(body['error'].code, 'ACCESS_DENIED');
      assert.equal(body['error'].message, `User: ${BOB_ARN} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${BOB_ARN}`);
    });

    it('bad input → 400 VALIDATION naming the member', async () => {
      for (const [request, pattern] of [
        [{ principalArn: BOB_ARN }, /action/],
        [{ ...good, action: 'AssumeRole' }, /action/],
        [{ ...good, context: { 'sts:ExternalId': 42 } }, /sts:ExternalId/],
        [{ ...good, context: ['sts:ExternalId'] }, /context/],
        [{ ...good, extra: true }, /extra/],
        [[good], /JSON object/],
      ] as const) {
        const { status, body } = await explain(request);
        assert.equal(status, 400, JSON.stringify(request));
        assert.equal(body['error'].code, 'VALIDATION');
        assert.match(body['error'].message, pattern);
      }
      const body = 'not json';
      const notJson = await post(server.url, await signedHeaders(new URL(server.url), ALICE, body, 'rolegate'), body);
      assert.equal(notJson.status, 400);
      assert.equal(notJson.body['error'].code, 'VALIDATION');
    });

    it('a malformed session policy → 400 MALFORMED_POLICY naming it', async () => {
      const { status, body } = await explain({ ...good, sessionPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' });
      assert.equal(status, 400);
      assert.equal(body['error'].code, 'MALFORMED_POLICY');
      assert.match(body['error'].message, /^sessionPolicy: Statement\[0\]/);
    });

    it('an unknown principal → 404 NOT_FOUND', async () => {
      const { status, body } = await explain({ ...good, principalArn: 'arn:aws:iam::111111111111:user/mallory' });
      assert.equal(status, 404);
      assert.equal(body['error'].code, 'NOT_FOUND');
    });

    it('an oversized body → 413 REQUEST_TOO_LARGE before anything is verified', async () => {
      const body = JSON.stringify({ ...good, context: { 'aws:PrincipalTag/x': 'x'.repeat(70_000) } });
      const { status, body: answer } = await post(server.url, await signedHeaders(new URL(server.url), ALICE, body, 'rolegate'), body);
      assert.equal(status, 413);
      assert.equal(answer['error'].code, 'REQUEST_TOO_LARGE');
    });
  });
});
