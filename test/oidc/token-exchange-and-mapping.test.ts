/**
 * RFC 8693 token exchange (`POST /oauth2/token`) and the mapping rules / session-tag templates.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allowedRoles, renderSessionTags, resolveMapping, type MappingSpec } from '../../src/oidc/index.js';
import { MOBILE_ROLE, startWebIdentityFixture, type WebIdentityFixture } from './helpers.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

describe('mapping rules (pure)', () => {
  const A = 'arn:aws:iam::222222222222:role/A';
  const B = 'arn:aws:iam::222222222222:role/B';
  const D = 'arn:aws:iam::222222222222:role/D';
  const spec = (ambiguity: MappingSpec['ambiguity'], defaultRoleArn?: string): MappingSpec => ({
    rules: [
      { claim: 'groups', op: 'equals', value: 'admins', roleArn: A },
      { claim: 'email', op: 'contains', value: '@ops.', roleArn: B },
      { claim: 'groups', op: 'startsWith', value: 'eng-', roleArn: B },
      { claim: 'dept', op: 'matches', value: '^(fin|acct)$', roleArn: A },
    ],
    ambiguity,
    ...(defaultRoleArn ? { defaultRoleArn } : {}),
    sessionTags: {},
  });

  it('equals / contains / startsWith / matches over single and multi-valued claims', () => {
    assert.deepEqual(resolveMapping(spec('deny'), { groups: ['x', 'admins'] }), { kind: 'role', roleArn: A });
    assert.deepEqual(resolveMapping(spec('deny'), { email: 'bob@ops.example.com' }), { kind: 'role', roleArn: B });
    assert.deepEqual(resolveMapping(spec('deny'), { groups: 'eng-payments' }), { kind: 'role', roleArn: B });
    assert.deepEqual(resolveMapping(spec('deny'), { dept: 'fin' }), { kind: 'role', roleArn: A });
    assert.deepEqual(resolveMapping(spec('deny'), { dept: 'finance' }), { kind: 'none' });
    assert.deepEqual(resolveMapping(spec('deny', D), {}), { kind: 'role', roleArn: D });
  });

  it('the ambiguity strategy: deny, default role, ask', () => {
    const claims = { groups: ['admins', 'eng-x'] };
    assert.deepEqual(resolveMapping(spec('deny'), claims), { kind: 'ambiguous', roleArns: [A, B] });
    assert.deepEqual(resolveMapping(spec('default', D), claims), { kind: 'role', roleArn: D });
    assert.deepEqual(resolveMapping(spec('ask'), claims), { kind: 'choose', roleArns: [A, B] });
    assert.deepEqual(allowedRoles(spec('ask', D), claims), [A, B, D]);
  });

  it('session tag templates from claims; absent claims give no tag; nothing carries over between logins', () => {
    const templates = { team: '{{groups|prefix:team-}}', mail: '{{email}}', both: '{{dept}}/{{missing}}' };
    assert.deepEqual(renderSessionTags(templates, { groups: ['x', 'team-payments'], email: 'a@b.c', dept: 'fin' }), [
      { key: 'team', value: 'payments' },
      { key: 'mail', value: 'a@b.c' },
    ]);
    assert.deepEqual(renderSessionTags(templates, {}), []);
  });
});

describe('POST /oauth2/token (RFC 8693)', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    fx = await startWebIdentityFixture();
  });
  after(async () => fx.close());

  async function exchange(params: Record<string, string>): Promise<{ status: number; body: Record<string, any> }> {
    const response = await fetch(`${fx.rg.url}/oauth2/token`, { method: 'POST', body: new URLSearchParams(params), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(response.headers.get('cache-control'), 'no-store');
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('a Google ID token and the role as audience: credentials and expiry as JSON', async () => {
    const token = await fx.sims.mintIdToken('google', { sub: 'g-123456' });
    const { status, body } = await exchange({ grant_type: GRANT, subject_token: token, subject_token_type: ID_TOKEN, audience: MOBILE_ROLE });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body['token_type'], 'N_A');
    assert.equal(typeof body['issued_token_type'], 'string');
    assert.match(body['credentials'].AccessKeyId, /^ASIA/);
    assert.equal(body['access_token'], body['credentials'].SessionToken);
    assert.ok(body['expires_in'] > 3000 && body['expires_in'] <= 3600);
    assert.equal(body['assumed_role_user'].arn, 'arn:aws:sts::222222222222:assumed-role/MobileAppUser/g-123456');
    assert.equal(body['provider'], 'accounts.google.com');
  });

  it('a Facebook access token with provider_id, the role as resource', async () => {
    const { status, body } = await exchange({ grant_type: GRANT, subject_token: fx.sims.mintFacebookToken(), subject_token_type: ACCESS_TOKEN, provider_id: 'graph.facebook.com', resource: MOBILE_ROLE, role_session_name: 'fb-user' });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body['assumed_role_user'].arn, 'arn:aws:sts::222222222222:assumed-role/MobileAppUser/fb-user');
  });

  it('corporate OIDC without a role: the mapping rules pick it', async () => {
    const token = await fx.sims.mintIdToken('corp', { sub: 'carol', claims: { groups: ['mobile-users', 'team-payments'] } });
    const { status, body } = await exchange({ grant_type: GRANT, subject_token: token, subject_token_type: ID_TOKEN });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body['assumed_role_user'].arn, 'arn:aws:sts::222222222222:assumed-role/MobileAppUser/carol');
  });

  it('refusals are OAuth errors and store nothing', async () => {
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ grant_type: 'client_credentials' }, 400, 'unsupported_grant_type'],
      [{ grant_type: GRANT, subject_token_type: ID_TOKEN, audience: MOBILE_ROLE }, 400, 'invalid_request'],
      [{ grant_type: GRANT, subject_token: await fx.sims.mintIdToken('google', { fault: 'expired' }), subject_token_type: ID_TOKEN, audience: MOBILE_ROLE }, 400, 'invalid_grant'],
      [{ grant_type: GRANT, subject_token: await fx.sims.mintIdToken('google', { fault: 'bad-signature' }), subject_token_type: ID_TOKEN, audience: MOBILE_ROLE }, 400, 'invalid_grant'],
      [{ grant_type: GRANT, subject_token: fx.sims.mintAmazonToken({ fault: 'other-app' }), subject_token_type: ACCESS_TOKEN, provider_id: 'www.amazon.com', audience: MOBILE_ROLE }, 400, 'invalid_grant'],
      [{ grant_type: GRANT, subject_token: await fx.sims.mintIdToken('google'), subject_token_type: ID_TOKEN, audience: 'arn:aws:iam::222222222222:role/UpdateAPP' }, 400, 'invalid_target'],
      [{ grant_type: GRANT, subject_token: await fx.sims.mintIdToken('corp', { claims: { groups: ['others'] } }), subject_token_type: ID_TOKEN }, 400, 'invalid_target'],
      [{ grant_type: GRANT, subject_token: await fx.sims.mintIdToken('corp', { claims: { groups: ['others'] } }), subject_token_type: ID_TOKEN, audience: MOBILE_ROLE }, 400, 'invalid_target'],
      [{ grant_type: GRANT, subject_token: await fx.sims.mintIdToken('google'), subject_token_type: ID_TOKEN }, 400, 'invalid_request'],
    ];
    for (const [params, status, error] of cases) {
      const mark = fx.rg.store.writes.length;
      const answer = await exchange(params);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.equal(answer.body['error'], error, JSON.stringify(answer.body));
      assert.deepEqual(fx.rg.store.writtenSince(mark), []);
    }
  });
});
