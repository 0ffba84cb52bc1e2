/**
 * Browser sign-in into the console with every provider kind, end to end over HTTP: real rolegate,
 * real simulators on ephemeral ports — corporate OIDC and Google (oidc-provider, openid-client with
 * code + PKCE + nonce + state) and Facebook / Login with Amazon (OAuth 2.0 code + PKCE + state, the
 * access token inspected with our app's credentials, the profile read). Hostile callbacks are refused
 * with their error code and status, and store nothing: no console session, no cookie, no credential.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { webIdentitySignInOptions } from '../../src/compose-web-identity.js';
import { loadSettings, loadWebLogins, webLoginFileSchema } from '../../src/config/index.js';
import { freePort } from '../helpers/processes.js';
import { callbackOn, DEMO_LOGIN, go, Jar, OUTSIDER, signInAt, startLogin, type ProviderKind } from './browser-helpers.js';
import { startWebIdentityFixture, type WebIdentityFixture } from './helpers.js';

const KINDS: readonly ProviderKind[] = ['corp', 'google', 'facebook', 'amazon'];
const OPENID: readonly ProviderKind[] = ['corp', 'google'];
const CLIENT_ID: Readonly<Record<ProviderKind, string>> = {
  corp: 'rolegate-corp-app',
  google: 'demo-mobile-app.apps.googleusercontent.com',
  facebook: 'demo-facebook-app',
  amazon: 'amzn1.application-oa2-client.demo',
};

describe('browser sign-in with corporate OIDC, Google, Facebook and Login with Amazon', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    fx = await startWebIdentityFixture();
  });
  after(async () => fx.close());

  /** A refused callback: its status and catalog code, no cookie but cleared ones, nothing written to the store. */
  async function assertRefused(response: Response, status: number, code: string, mark: number, browser: Jar, reason?: RegExp): Promise<void> {
    const html = await response.text();
    assert.equal(response.status, status, html);
    assert.match(html, new RegExp(`\\b${code}\\b`));
    if (reason) {
      // Why: the public message on the page, or the logged detail (never sent to the browser).
      const logged = fx.rg.logLines.filter((l) => l.includes('browser request rejected')).at(-1) ?? '';
      assert.match(`${html}\n${logged}`, reason);
    }
    for (const cookie of response.headers.getSetCookie()) assert.match(cookie, /Max-Age=0/i, `only cleared cookies: ${cookie}`);
    assert.equal(browser.hasConsoleSession(), false);
    assert.deepEqual(fx.rg.store.writtenSince(mark), [], 'nothing stored');
  }

  /** A complete login: the provider's redirect back (not yet sent to rolegate). */
  async function throughProvider(browser: Jar, kind: ProviderKind, login = DEMO_LOGIN[kind]): Promise<URL> {
    const authorize = await startLogin(browser, fx.rg.url, kind);
    return signInAt(kind, authorize.href, login);
  }

  for (const kind of KINDS) {
    it(`${kind}: code + PKCE + state${OPENID.includes(kind) ? ' + nonce' : ''} lands in the console with the mapped role`, async () => {
      const browser = new Jar();
      const authorize = await startLogin(browser, fx.rg.url, kind, '/console?from=login');
      assert.equal(authorize.searchParams.get('client_id'), CLIENT_ID[kind]);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(authorize.searchParams.get('state'));
      assert.equal(authorize.searchParams.has('nonce'), OPENID.includes(kind));
      assert.match(authorize.searchParams.get('redirect_uri') ?? '', new RegExp(`/oidc/callback/${kind}$`));
      const back = await signInAt(kind, authorize.href, DEMO_LOGIN[kind]);
      const landed = await go(browser, callbackOn(fx.rg.url, back));
      assert.equal(landed.status, 303, await landed.text());
      assert.equal(landed.headers.get('location'), '/console?from=login');
      assert.ok(browser.hasConsoleSession());
      assert.equal([...browser.cookies.keys()].some((k) => k.includes('rg_oidc_tx')), false, 'the login cookie is cleared');
      const home = await go(browser, `${fx.rg.url}/console`);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /MobileAppUser/);

      // The state is single-use: the same callback again (same browser) is refused and stores nothing.
      const mark = fx.rg.store.writes.length;
      const again = new Jar();
      await startLogin(again, fx.rg.url, kind);
      const markAfterStart = fx.rg.store.writes.length;
      assert.ok(markAfterStart > mark);
      await assertRefused(await go(again, callbackOn(fx.rg.url, back)), 400, 'SIGNIN_STATE_INVALID', markAfterStart, again);
    });

    it(`${kind}: missing, unknown and foreign state, and another browser's callback, are refused`, async () => {
      const browser = new Jar();
      const authorize = await startLogin(browser, fx.rg.url, kind);
      const mark = fx.rg.store.writes.length;
      await assertRefused(await go(browser, `${fx.rg.url}/oidc/callback/${kind}?code=abc`), 400, 'SIGNIN_STATE_INVALID', mark, browser);
      await assertRefused(await go(browser, `${fx.rg.url}/oidc/callback/${kind}?code=abc&state=not-a-state-we-issued`), 400, 'SIGNIN_STATE_INVALID', mark, browser);
      // A state issued for another provider's login does not complete this one.
      const other = kind === 'google' ? 'amazon' : 'google';
      const foreign = await startLogin(browser, fx.rg.url, other);
      const markForeign = fx.rg.store.writes.length;
      await assertRefused(await go(browser, `${fx.rg.url}/oidc/callback/${kind}?code=abc&state=${foreign.searchParams.get('state')}`), 400, 'SIGNIN_STATE_INVALID', markForeign, browser);

      // The victim's callback in the attacker's browser (which has a login cookie of its own): refused.
      const victim = new Jar();
      const back = await throughProvider(victim, kind);
      const attacker = new Jar();
      await startLogin(attacker, fx.rg.url, kind);
      const markAttack = fx.rg.store.writes.length;
      await assertRefused(await go(attacker, callbackOn(fx.rg.url, back)), 400, 'SIGNIN_STATE_INVALID', markAttack, attacker);
      assert.ok(authorize.searchParams.get('state'));
    });

    it(`${kind}: the user cancels at the provider (error=access_denied)`, async () => {
      const browser = new Jar();
      const authorize = await startLogin(browser, fx.rg.url, kind);
      const back = await signInAt(kind, authorize.href, DEMO_LOGIN[kind], 'cancel');
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.equal(back.searchParams.get('state'), authorize.searchParams.get('state'));
      const mark = fx.rg.store.writes.length;
      await assertRefused(await go(browser, callbackOn(fx.rg.url, back)), 403, 'IDP_REJECTED_CLAIM', mark, browser, /access_denied/);
    });

    it(`${kind}: an authorization code is redeemed once (code replay with a fresh state)`, async () => {
      const browser = new Jar();
      const first = await throughProvider(browser, kind);
      assert.equal((await go(browser, callbackOn(fx.rg.url, first))).status, 303);
      const attacker = new Jar();
      const second = await startLogin(attacker, fx.rg.url, kind);
      const replay = new URL(first);
      replay.searchParams.set('state', second.searchParams.get('state')!);
      const mark = fx.rg.store.writes.length;
      await assertRefused(await go(attacker, callbackOn(fx.rg.url, replay)), 400, 'INVALID_IDENTITY_TOKEN', mark, attacker, /error=invalid_grant/);
    });
  }

  for (const kind of ['google', 'facebook', 'amazon'] as const) {
    it(`${kind}: a user whose claims map to no role is refused`, async () => {
      const browser = new Jar();
      const back = await throughProvider(browser, kind, OUTSIDER);
      const mark = fx.rg.store.writes.length;
      await assertRefused(await go(browser, callbackOn(fx.rg.url, back)), 403, 'ACCESS_DENIED', mark, browser, /not allowed to use any role/);
    });
  }

  for (const kind of ['facebook', 'amazon'] as const) {
    it(`${kind}: an access token issued to another app is refused`, async () => {
      const browser = new Jar();
      const authorize = await startLogin(browser, fx.rg.url, kind);
      authorize.searchParams.set('fault', 'other-app');
      const back = await signInAt(kind, authorize.href, DEMO_LOGIN[kind]);
      const mark = fx.rg.store.writes.length;
      await assertRefused(await go(browser, callbackOn(fx.rg.url, back)), 400, 'INVALID_IDENTITY_TOKEN', mark, browser, /Incorrect token audience/);
    });
  }

  it('google: an ID token whose nonce is not the one of this login is refused', async () => {
    const browser = new Jar();
    const authorize = await startLogin(browser, fx.rg.url, 'google');
    authorize.searchParams.set('nonce', 'nonce-chosen-by-an-attacker');
    const back = await signInAt('google', authorize.href, DEMO_LOGIN.google);
    const mark = fx.rg.store.writes.length;
    await assertRefused(await go(browser, callbackOn(fx.rg.url, back)), 400, 'INVALID_IDENTITY_TOKEN', mark, browser, /claim=nonce/);
  });

  it('an unknown provider is 404 on both endpoints', async () => {
    const browser = new Jar();
    const mark = fx.rg.store.writes.length;
    await assertRefused(await go(browser, `${fx.rg.url}/oidc/login/myspace`), 404, 'NOT_FOUND', mark, browser);
    await assertRefused(await go(browser, `${fx.rg.url}/oidc/callback/myspace?code=a&state=b`), 404, 'NOT_FOUND', mark, browser);
  });

  it('the console sign-in options: one per browser-login provider, each starting its login', async () => {
    const options = webIdentitySignInOptions(loadSettings({ ROLEGATE_CONFIG: 'config', PORT: '0', ROLEGATE_DEV_OIDC_URL: fx.sims.url }));
    assert.deepEqual(options, [
      { label: 'Corporate sign-in (OpenID Connect)', href: '/oidc/login/corp' },
      { label: 'Sign in with Google', href: '/oidc/login/google' },
      { label: 'Log in with Facebook', href: '/oidc/login/facebook' },
      { label: 'Login with Amazon', href: '/oidc/login/amazon' },
    ]);
    for (const option of options) {
      const start = await fetch(`${fx.rg.url}${option.href}`, { redirect: 'manual' });
      assert.equal(start.status, 303);
      assert.ok(new URL(start.headers.get('location')!).href.startsWith(fx.sims.url), option.href);
    }
    // Facebook needs its app secret from ROLEGATE_FACEBOOK_APPS; without it, no Facebook option.
    const withoutFacebook = webIdentitySignInOptions(loadSettings({ ROLEGATE_CONFIG: 'config', PORT: '0', ROLEGATE_FACEBOOK_APPS: 'another-app:another-app-secret' }));
    assert.deepEqual(withoutFacebook.map((o) => o.href), ['/oidc/login/corp', '/oidc/login/google', '/oidc/login/amazon']);
  });

  it('config/web-identity.json: the demo file loads; a client without a secret or an unknown key is refused', () => {
    assert.deepEqual(Object.keys(loadWebLogins('config')), ['google', 'facebook', 'amazon']);
    assert.equal(webLoginFileSchema.safeParse({ google: { browserLogin: { clientId: 'x' } } }).success, false);
    assert.equal(webLoginFileSchema.safeParse({ amazon: { browserLogin: { clientId: 'x', clientSecret: 'long-enough-secret-0000' }, extra: 1 } }).success, false);
    assert.equal(webLoginFileSchema.safeParse({ twitter: {} }).success, false);
  });
});

describe('browser sign-in when the provider cannot be reached', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    // Google's discovery and Amazon's token endpoint are down; Amazon's login page still works.
    fx = await startWebIdentityFixture({ env: { ROLEGATE_GOOGLE_DISCOVERY_URL: `${closed}/google`, ROLEGATE_AMAZON_API_URL: `${closed}/amazon` } });
  });
  after(async () => fx.close());

  it('no discovery: the login does not start, and nothing is stored', async () => {
    const mark = fx.rg.store.writes.length;
    const start = await fetch(`${fx.rg.url}/oidc/login/google`, { redirect: 'manual' });
    assert.equal(start.status, 400);
    assert.match(await start.text(), /IDP_COMMUNICATION/);
    assert.deepEqual(start.headers.getSetCookie(), []);
    assert.deepEqual(fx.rg.store.writtenSince(mark), []);
  });

  it('no token endpoint: the callback fails with IDP_COMMUNICATION, never an accept', async () => {
    const browser = new Jar();
    const authorize = await startLogin(browser, fx.rg.url, 'amazon');
    // The login page (ROLEGATE_AMAZON_AUTHORIZE_URL) is still the simulator's.
    assert.ok(authorize.href.startsWith(fx.sims.url));
    const back = await signInAt('amazon', authorize.href, DEMO_LOGIN.amazon);
    const mark = fx.rg.store.writes.length;
    const answer = await go(browser, callbackOn(fx.rg.url, back));
    assert.equal(answer.status, 400);
    assert.match(await answer.text(), /IDP_COMMUNICATION/);
    assert.equal(browser.hasConsoleSession(), false);
    assert.deepEqual(fx.rg.store.writtenSince(mark), []);
  });
});
