/**
 * Browser sign-in with OpenID Connect, end to end over HTTP against the simulated corporate OpenID
 * provider (oidc-provider): authorization code + PKCE + nonce + state, landing in the console.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { go, Jar, signInAtOpenIdProvider } from './browser-helpers.js';
import { startWebIdentityFixture, type WebIdentityFixture } from './helpers.js';

describe('browser sign-in with the corporate OpenID provider', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    fx = await startWebIdentityFixture();
  });
  after(async () => fx.close());

  it('code + PKCE + nonce + state: lands in the console with the mapped role', async () => {
    const browser = new Jar();
    const start = await go(browser, `${fx.rg.url}/oidc/login/corp?returnTo=/console`);
    assert.equal(start.status, 303);
    const authorize = new URL(start.headers.get('location')!);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'));
    const back = await signInAtOpenIdProvider(authorize.href, 'dana');
    const callback = `${fx.rg.url}${back.pathname}${back.search}`;
    const landed = await go(browser, callback);
    assert.equal(landed.status, 303, await landed.text());
    assert.equal(landed.headers.get('location'), '/console');
    assert.ok([...browser.cookies.keys()].some((k) => k.includes('rg_console')), `console cookie set: ${[...browser.cookies.keys()]}`);

    const home = await go(browser, `${fx.rg.url}/console`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /MobileAppUser/);

    // The state is single-use: replaying the callback is refused and starts nothing.
    const mark = fx.rg.store.writes.length;
    const replay = await go(new Jar(), callback);
    assert.equal(replay.status, 400);
    assert.deepEqual(fx.rg.store.writtenSince(mark), []);
  });

  it('a callback from another browser (no binding cookie) is refused', async () => {
    const browser = new Jar();
    const start = await go(browser, `${fx.rg.url}/oidc/login/corp`);
    const back = await signInAtOpenIdProvider(start.headers.get('location')!, 'erin');
    const stranger = new Jar();
    const answer = await go(stranger, `${fx.rg.url}${back.pathname}${back.search}`);
    assert.equal(answer.status, 400);
    assert.ok(![...stranger.cookies.keys()].some((k) => k.includes('rg_console')));
  });
});
