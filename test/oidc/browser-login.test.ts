/**
 * Browser sign-in with OpenID Connect, end to end over HTTP against the simulated corporate OpenID
 * provider (oidc-provider): authorization code + PKCE + nonce + state, landing in the console.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWebIdentityFixture, type WebIdentityFixture } from './helpers.js';

class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

describe('browser sign-in with the corporate OpenID provider', () => {
  let fx: WebIdentityFixture;
  before(async () => {
    fx = await startWebIdentityFixture();
  });
  after(async () => fx.close());

  async function go(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.take(response);
    return response;
  }

  /** Walks the provider's login and consent; returns the redirect back to rolegate. */
  async function signInAtProvider(authorizeUrl: string, login: string): Promise<URL> {
    const op = new Jar();
    let response = await go(op, authorizeUrl);
    for (let step = 0; step < 8; step++) {
      assert.equal(response.status, 303, await response.text());
      const location = new URL(response.headers.get('location')!, authorizeUrl);
      if (location.pathname.startsWith('/oidc/callback/')) return location;
      if (location.pathname.includes('/interaction/')) {
        const page = await go(op, location.href);
        const html = await page.text();
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? (html.includes('name="login"') ? 'login' : 'consent');
        const body = prompt === 'login' ? new URLSearchParams({ prompt, login, password: 'any' }) : new URLSearchParams({ prompt });
        const action = /action="([^"]+)"/.exec(html)?.[1] ?? location.pathname;
        response = await go(op, new URL(action, location).href, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      } else {
        response = await go(op, location.href);
      }
    }
    throw new Error('the provider did not redirect back');
  }

  it('code + PKCE + nonce + state: lands in the console with the mapped role', async () => {
    const browser = new Jar();
    const start = await go(browser, `${fx.rg.url}/oidc/login/corp?returnTo=/console`);
    assert.equal(start.status, 303);
    const authorize = new URL(start.headers.get('location')!);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'));
    const back = await signInAtProvider(authorize.href, 'dana');
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
    const back = await signInAtProvider(start.headers.get('location')!, 'erin');
    const stranger = new Jar();
    const answer = await go(stranger, `${fx.rg.url}${back.pathname}${back.search}`);
    assert.equal(answer.status, 400);
    assert.ok(![...stranger.cookies.keys()].some((k) => k.includes('rg_console')));
  });
});
