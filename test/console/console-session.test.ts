/**
 * The console session over HTTPS settings: `__Host-` Secure cookies, a new id per sign-in, the
 * session bound to its credentials (a revoked credential ends it), Origin checks on forms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeRevocation } from '../../src/core/index.js';
import { b64, Browser, corpResponse, errorCode, formFields, startSamlServer, type SamlServer } from '../saml/helpers.js';

const PUBLIC = 'https://rolegate.test';
let server: SamlServer;
before(async () => {
  server = await startSamlServer({ env: { PUBLIC_URL: PUBLIC } });
});
after(async () => {
  await server.close();
});

async function signIn(browser: Browser) {
  const acs = await browser.post(`${server.url}/saml`, { SAMLResponse: b64(corpResponse({ acsUrl: `${PUBLIC}/saml`, clock: server.clock })) });
  assert.equal(acs.status, 303, acs.body);
  return acs;
}

describe('console session (HTTPS deployment)', () => {
  it('sets a __Host- cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain; a new id at every sign-in', async () => {
    const browser = new Browser();
    const first = await signIn(browser);
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('__Host-rg_console='))!;
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
    assert.doesNotMatch(cookie, /Domain=/i);
    const id1 = browser.cookies.get('__Host-rg_console');
    await signIn(browser);
    assert.notEqual(browser.cookies.get('__Host-rg_console'), id1);
  });

  it('is bound to its credentials: revoking them ends the console session', async () => {
    const browser = new Browser();
    await signIn(browser);
    assert.match((await browser.get(`${server.url}/console`)).body, /Console home/);
    const accessKeyId = server.store.writes.filter((k) => k.startsWith('sess:')).at(-1)!.slice(5);
    await writeRevocation(server.store, { scope: 'session', accessKeyId }, server.clock.now());
    server.rolegate.services.resolver.invalidate();
    assert.match((await browser.get(`${server.url}/console`)).body, /Sign in to the console/);
  });

  it('refuses a sign-out posted from another origin, even with the right CSRF token', async () => {
    const browser = new Browser();
    await signIn(browser);
    const csrf = formFields((await browser.get(`${server.url}/console`)).body)['csrf']!;
    const crossSite = await browser.fetch(`${server.url}/console/signout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ csrf }).toString(),
    });
    assert.equal(errorCode(crossSite.body), 'CSRF_INVALID');
    assert.match((await browser.get(`${server.url}/console`)).body, /Console home/);
  });
});
