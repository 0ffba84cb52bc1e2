/**
 * The console session over HTTPS settings: `__Host-` Secure cookies, a new id per sign-in, the
 * session bound to its credentials (a revoked credential ends it), Origin checks on forms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentTotp, writeRevocation } from '../../src/core/index.js';
import { b64, Browser, corpResponse, errorCode, formFields, postUnsolicited, startSamlServer, type SamlServer } from '../saml/helpers.js';

const PUBLIC = 'https://rolegate.test';
let server: SamlServer;
before(async () => {
  server = await startSamlServer({ env: { PUBLIC_URL: PUBLIC } });
});
after(async () => {
  await server.close();
});

/** IdP-initiated sign-in, through the "Continue as …?" page: the answer that starts the session. */
async function signIn(browser: Browser) {
  const signedIn = await postUnsolicited(browser, `${server.url}/saml`, { SAMLResponse: b64(corpResponse({ acsUrl: `${PUBLIC}/saml`, clock: server.clock })) });
  assert.equal(signedIn.status, 303, signedIn.body);
  return signedIn;
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

  it('the "Continue as …?" page of an IdP-initiated login keeps its state in a __Host- cookie: Secure, HttpOnly, SameSite=Lax', async () => {
    const page = await new Browser().post(`${server.url}/saml`, { SAMLResponse: b64(corpResponse({ acsUrl: `${PUBLIC}/saml`, clock: server.clock })) });
    assert.equal(page.status, 200, page.body);
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('__Host-rg_pick='))!;
    assert.ok(cookie, page.headers.getSetCookie().join(' | '));
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; SameSite=Lax/);
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

  it('IAM user sign-in over HTTPS: __Host- Secure cookies for the sign-in form, the MFA step and the session', async () => {
    const browser = new Browser();
    const page = await browser.get(`${server.url}/console`);
    const signin = page.headers.getSetCookie().find((c) => c.startsWith('__Host-rg_signin='))!;
    assert.match(signin, /; Secure/);
    assert.match(signin, /; HttpOnly/);
    const step = await browser.post(`${server.url}/console/signin`, { csrf: formFields(page.body)['csrf']!, account: 'development', username: 'alice', password: 'Alice-Demo-2026!' });
    assert.equal(step.status, 200, step.body);
    assert.match(step.headers.getSetCookie().find((c) => c.startsWith('__Host-rg_mfa='))!, /; Secure; SameSite=Lax/);
    server.clock.offsetMs += 60_000;
    const done = await browser.post(`${server.url}/console/signin/mfa`, { csrf: formFields(step.body)['csrf']!, mfaCode: currentTotp('JBSWY3DPEHPK3PXP', server.clock.now()) });
    assert.equal(done.status, 303, done.body);
    const session = done.headers.getSetCookie().find((c) => c.startsWith('__Host-rg_console='))!;
    assert.match(session, /; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    assert.ok(done.headers.getSetCookie().some((c) => /^__Host-rg_mfa=;.*Max-Age=0/.test(c)), 'the MFA step cookie is cleared');
  });
});
