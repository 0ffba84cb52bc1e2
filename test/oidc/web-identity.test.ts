/**
 * AssumeRoleWithWebIdentity against the simulated providers: each provider kind, the exact response
 * fields, and hostile tokens for every class of security.md §2–§3 — each refused with its STS code
 * and nothing stored.
 */
import assert from 'node:assert/strict';
import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { DEMO_AMAZON_CLIENT_ID, DEMO_FACEBOOK_APP, DEMO_GOOGLE_CLIENT_ID } from '../../src/dev-oidc/index.js';
import { freePort } from '../helpers/processes.js';
import { assumeWithWebIdentity, startWebIdentityFixture, type WebIdentityFixture } from './helpers.js';

const b64 = (value: unknown) => base64url.encode(JSON.stringify(value));
const now = () => Math.floor(Date.now() / 1000);

describe('AssumeRoleWithWebIdentity with the simulated providers', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    fx = await startWebIdentityFixture();
  });
  after(async () => fx.close());

  it('Google ID token: credentials and the exact response fields', async () => {
    const token = await fx.sims.mintIdToken('google', { sub: '110169484474386276334' });
    const answer = await assumeWithWebIdentity(fx.rg.url, token);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.field('SubjectFromWebIdentityToken'), '110169484474386276334');
    assert.equal(answer.field('Provider'), 'accounts.google.com');
    assert.equal(answer.field('Audience'), DEMO_GOOGLE_CLIENT_ID);
    assert.equal(answer.field('Arn'), 'arn:aws:sts::222222222222:assumed-role/MobileAppUser/mobile-user');
    assert.match(answer.field('AccessKeyId') ?? '', /^ASIA[A-Z0-9]{16}$/);
    assert.ok(!answer.body.includes(token), 'the token is never echoed');
  });

  it('Google: azp is the audience when present (accounts.google.com:aud = azp)', async () => {
    const token = await fx.sims.mintIdToken('google', { aud: 'web-client.apps.googleusercontent.com', claims: { azp: DEMO_GOOGLE_CLIENT_ID } });
    const answer = await assumeWithWebIdentity(fx.rg.url, token);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.field('Audience'), DEMO_GOOGLE_CLIENT_ID);
  });

  it('corporate OIDC provider: Provider is the IAM OIDC provider ARN; session tags from the tags claim', async () => {
    const token = await fx.sims.mintIdToken('corp', {
      sub: 'alice',
      claims: { amr: ['pwd', 'mfa'], 'https://aws.amazon.com/tags': { principal_tags: { team: ['payments'] }, transitive_tag_keys: ['team'] } },
    });
    const answer = await assumeWithWebIdentity(fx.rg.url, token);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.field('Provider'), 'arn:aws:iam::222222222222:oidc-provider/corp-idp.example.com');
    assert.equal(answer.field('SubjectFromWebIdentityToken'), 'alice');
    assert.equal(answer.field('Audience'), 'rolegate-corp-app');
    assert.ok(Number(answer.field('PackedPolicySize')) > 0, 'session tags are packed');
  });

  it('several audiences: azp names ours and is the audience', async () => {
    const token = await fx.sims.mintIdToken('corp', { aud: ['other-api', 'rolegate-corp-app'], claims: { azp: 'rolegate-corp-app' } });
    const answer = await assumeWithWebIdentity(fx.rg.url, token);
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.field('Audience'), 'rolegate-corp-app');
  });

  it('Facebook access token with ProviderId=graph.facebook.com', async () => {
    const answer = await assumeWithWebIdentity(fx.rg.url, fx.sims.mintFacebookToken({ sub: '10158000000000042' }), { ProviderId: 'graph.facebook.com' });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.field('Provider'), 'graph.facebook.com');
    assert.equal(answer.field('SubjectFromWebIdentityToken'), '10158000000000042');
    assert.equal(answer.field('Audience'), DEMO_FACEBOOK_APP.id);
  });

  it('Login with Amazon access token with ProviderId=www.amazon.com', async () => {
    const answer = await assumeWithWebIdentity(fx.rg.url, fx.sims.mintAmazonToken(), { ProviderId: 'www.amazon.com' });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.field('Provider'), 'www.amazon.com');
    assert.equal(answer.field('SubjectFromWebIdentityToken'), 'amzn1.account.AF6RHO7KZU5XRVQJGXK6HEXAMPLE');
    assert.equal(answer.field('Audience'), DEMO_AMAZON_CLIENT_ID);
  });

  describe('hostile tokens: refused with the exact code, nothing stored', () => {
    let googleJwk: JWK;
    before(async () => {
      const jwks = (await (await fetch(`${fx.sims.url}/google/jwks`)).json()) as { keys: JWK[] };
      googleJwk = jwks.keys[0]!;
    });

    async function refused(token: string, code: string, status: number, extra: Record<string, string> = {}, message?: RegExp): Promise<void> {
      const mark = fx.rg.store.writes.length;
      const answer = await assumeWithWebIdentity(fx.rg.url, token, extra);
      assert.equal(answer.code, code, answer.body);
      assert.equal(answer.status, status);
      if (message) assert.match(answer.field('Message') ?? '', message);
      assert.deepEqual(fx.rg.store.writtenSince(mark), [], 'a refused token stores nothing');
      assert.ok(!answer.body.includes(token.slice(-20)), 'no part of the token is echoed');
    }

    const claims = () => ({ iss: 'https://accounts.google.com', sub: 'attacker', aud: DEMO_GOOGLE_CLIENT_ID, iat: now(), exp: now() + 600 });

    it('alg none', async () => {
      await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 'InvalidIdentityToken', 400);
      await refused(`${b64({ alg: 'none', kid: googleJwk.kid })}.${b64(claims())}.${base64url.encode('x')}`, 'InvalidIdentityToken', 400);
    });

    it('HS256 signed with the provider public key as the HMAC secret (key confusion)', async () => {
      const pem = createPublicKey({ key: { kty: 'RSA', n: googleJwk.n!, e: googleJwk.e! }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const signingInput = `${b64({ alg: 'HS256', kid: googleJwk.kid, typ: 'JWT' })}.${b64(claims())}`;
      const sig = createHmac('sha256', pem).update(signingInput).digest('base64url');
      await refused(`${signingInput}.${sig}`, 'InvalidIdentityToken', 400);
    });

    it('jku / x5u / jwk / x5c header abuse: keys only ever come from the pinned JWKS', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const attackerJwk = { ...(await exportJWK(publicKey)), kid: googleJwk.kid };
      const hitsBefore = fx.sims.hits.get('/evil/jwks') ?? 0;
      for (const header of [
        { alg: 'RS256', kid: googleJwk.kid, jku: `${fx.sims.url}/evil/jwks` },
        { alg: 'RS256', kid: googleJwk.kid, x5u: `${fx.sims.url}/evil/jwks` },
        { alg: 'RS256', kid: googleJwk.kid, jwk: attackerJwk },
        { alg: 'RS256', jwk: attackerJwk },
        { alg: 'RS256', kid: googleJwk.kid, x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] },
      ]) {
        const token = await new SignJWT(claims()).setProtectedHeader(header as never).sign(privateKey);
        await refused(token, 'InvalidIdentityToken', 400);
      }
      assert.equal(fx.sims.hits.get('/evil/jwks') ?? 0, hitsBefore, 'the jku/x5u URL is never fetched');
    });

    it('kid injection and an overlong kid', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      for (const kid of ['../../../../etc/passwd', "' OR 1=1 --", 'k'.repeat(300)]) {
        const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
        await refused(token, 'InvalidIdentityToken', 400);
      }
    });

    it('a forged signature (right kid, wrong key)', async () => {
      await refused(await fx.sims.mintIdToken('google', { fault: 'bad-signature' }), 'InvalidIdentityToken', 400);
    });

    it('unknown issuer, and a provider of another account', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ ...claims(), iss: 'https://evil.example.com' }).setProtectedHeader({ alg: 'RS256', kid: 'x' }).sign(privateKey);
      await refused(token, 'InvalidIdentityToken', 400, {}, /No OpenIDConnect provider found in your account for https:\/\/evil\.example\.com/);
      // The corporate provider belongs to 222222222222: a role in 111111111111 does not see it.
      const corp = await fx.sims.mintIdToken('corp');
      const mark = fx.rg.store.writes.length;
      const answer = await assumeWithWebIdentity(fx.rg.url, corp, { RoleArn: 'arn:aws:iam::111111111111:role/Anything' });
      assert.equal(answer.code, 'InvalidIdentityToken');
      assert.deepEqual(fx.rg.store.writtenSince(mark), []);
    });

    it('wrong audience, another app, several audiences without azp', async () => {
      await refused(await fx.sims.mintIdToken('google', { fault: 'wrong-audience' }), 'InvalidIdentityToken', 400, {}, /Incorrect token audience/);
      await refused(await fx.sims.mintIdToken('corp', { aud: 'some-other-client' }), 'InvalidIdentityToken', 400, {}, /Incorrect token audience/);
      await refused(await fx.sims.mintIdToken('corp', { aud: ['rolegate-corp-app', 'other'] }), 'InvalidIdentityToken', 400);
    });

    it('missing exp, past exp, future iat, too long a lifetime', async () => {
      await refused(await fx.sims.mintIdToken('google', { fault: 'no-exp' }), 'InvalidIdentityToken', 400);
      await refused(await fx.sims.mintIdToken('google', { fault: 'expired' }), 'ExpiredTokenException', 400);
      await refused(await fx.sims.mintIdToken('google', { fault: 'future-iat' }), 'InvalidIdentityToken', 400);
      await refused(await fx.sims.mintIdToken('google', { ttl: 30 * 24 * 3600 }), 'InvalidIdentityToken', 400);
    });

    it('a malformed session tags claim', async () => {
      await refused(await fx.sims.mintIdToken('corp', { claims: { 'https://aws.amazon.com/tags': { principal_tags: { team: ['a', 'b'] } } } }), 'InvalidIdentityToken', 400);
    });

    it('another app’s Facebook or Amazon token, expired ones, unknown ones, a bad ProviderId', async () => {
      await refused(fx.sims.mintFacebookToken({ fault: 'other-app' }), 'InvalidIdentityToken', 400, { ProviderId: 'graph.facebook.com' }, /Incorrect token audience/);
      await refused(fx.sims.mintAmazonToken({ fault: 'other-app' }), 'InvalidIdentityToken', 400, { ProviderId: 'www.amazon.com' }, /Incorrect token audience/);
      await refused(fx.sims.mintFacebookToken({ fault: 'expired' }), 'InvalidIdentityToken', 400, { ProviderId: 'graph.facebook.com' });
      await refused(fx.sims.mintAmazonToken({ fault: 'expired' }), 'InvalidIdentityToken', 400, { ProviderId: 'www.amazon.com' });
      await refused(`EAAB${randomBytes(20).toString('hex')}`, 'InvalidIdentityToken', 400, { ProviderId: 'graph.facebook.com' });
      await refused(`Atza|${randomBytes(20).toString('hex')}`, 'InvalidIdentityToken', 400, { ProviderId: 'www.amazon.com' });
      await refused(fx.sims.mintAmazonToken(), 'InvalidIdentityToken', 400, { ProviderId: 'login.example.com' });
      // A Google ID token is not an Amazon access token.
      await refused(await fx.sims.mintIdToken('google'), 'InvalidIdentityToken', 400, { ProviderId: 'www.amazon.com' });
    });

    it('oversize tokens are refused before decoding', async () => {
      const big = `${b64({ alg: 'RS256', kid: googleJwk.kid })}.${b64({ ...claims(), pad: 'x'.repeat(17_000) })}.${'A'.repeat(342)}`;
      await refused(big, 'InvalidIdentityToken', 400);
      await refused('x'.repeat(25_000), 'InvalidIdentityToken', 400);
      await refused(`Atza|${'a'.repeat(5000)}`, 'InvalidIdentityToken', 400, { ProviderId: 'www.amazon.com' });
    });

    it('a valid token for a role that does not trust the provider: AccessDenied, nothing stored', async () => {
      await refused(await fx.sims.mintIdToken('google'), 'AccessDenied', 403, { RoleArn: 'arn:aws:iam::222222222222:role/UpdateAPP' });
      await refused(await fx.sims.mintIdToken('google'), 'AccessDenied', 403, { RoleArn: 'arn:aws:iam::222222222222:role/NoSuchRole' });
    });

    it('an unknown-kid flood does not become a JWKS request flood', async () => {
      // Warm the cache, then wait out nothing: jose refetches at most once per 30 s cooldown.
      assert.equal((await assumeWithWebIdentity(fx.rg.url, await fx.sims.mintIdToken('google'))).status, 200);
      const before = fx.sims.hits.get('/google/jwks') ?? 0;
      const { privateKey } = await generateKeyPair('RS256');
      const tokens = await Promise.all(
        Array.from({ length: 60 }, (_, i) => new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: `unknown-${i}-${randomBytes(4).toString('hex')}` }).sign(privateKey)),
      );
      const mark = fx.rg.store.writes.length;
      const answers = await Promise.all(tokens.map((t) => assumeWithWebIdentity(fx.rg.url, t)));
      for (const a of answers) assert.equal(a.code, 'InvalidIdentityToken', a.body);
      const fetches = (fx.sims.hits.get('/google/jwks') ?? 0) - before;
      assert.ok(fetches <= 1, `60 unknown kids caused ${fetches} JWKS fetches`);
      assert.deepEqual(fx.rg.store.writtenSince(mark), []);
    });
  });
});

describe('AssumeRoleWithWebIdentity when the provider cannot be reached', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    fx = await startWebIdentityFixture({ env: { ROLEGATE_AMAZON_API_URL: dead, ROLEGATE_FACEBOOK_GRAPH_URL: dead, ROLEGATE_GOOGLE_JWKS_URL: `${dead}/jwks` } });
  });
  after(async () => fx.close());

  it('IDPCommunicationError, never an accept; nothing stored', async () => {
    for (const [token, extra] of [
      [fx.sims.mintAmazonToken(), { ProviderId: 'www.amazon.com' }],
      [fx.sims.mintFacebookToken(), { ProviderId: 'graph.facebook.com' }],
      [await fx.sims.mintIdToken('google'), {}],
    ] as const) {
      const mark = fx.rg.store.writes.length;
      const answer = await assumeWithWebIdentity(fx.rg.url, token, extra);
      assert.equal(answer.code, 'IDPCommunicationError', answer.body);
      assert.equal(answer.status, 400);
      assert.deepEqual(fx.rg.store.writtenSince(mark), []);
    }
  });
});
