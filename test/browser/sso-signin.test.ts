/**
 * In headless Chromium: corporate SSO through the built-in SAML IdP (sign-in page → IdP login form →
 * auto-posted SAML response → role picker → console home), IdP-initiated sign-in through the
 * "Continue as …?" page (security.md §1.5), sign-out revoking the session's
 * credentials, and browser-level hygiene (CSP enforced with no violations, keyboard use, cookie flags).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserHarness, chromiumSkip, eventually, screenshot, tabTo, type BrowserHarness } from '../helpers/browser.js';
import { b64, corpResponse, DEV_PROVIDER, PROD_PROVIDER, ROLE_ATTR, SESSION_NAME_ATTR, SSO_DEVELOPER } from '../saml/helpers.js';
import { heading, readHeader } from './console-pages.js';

const h: BrowserHarness = browserHarness();

/** Follows the sign-in page's link for `provider` and signs in at the built-in IdP with the keyboard. */
async function ssoSignIn(page: Page, provider: string, username: string, password: string, shot?: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in to the console' }).waitFor();
  const links = await page.getByRole('link').evaluateAll((anchors) => anchors.map((a) => decodeURIComponent((a as HTMLAnchorElement).href)));
  const index = links.findIndex((href) => href.includes(`/saml/login?provider=${provider}`));
  assert.ok(index >= 0, `no sign-in link for ${provider} among ${links.join(', ')}`);
  await page.getByRole('link').nth(index).click();
  await idpLogin(page, username, password, shot);
}

/** At the built-in IdP's login form: types the credentials with the keyboard and submits. */
async function idpLogin(page: Page, username: string, password: string, shot?: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/idp\/saml\//);
  await tabTo(page, 'User name');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  if (shot) await screenshot(page, shot);
  // Enter submits; the IdP's post page forwards the signed response to the ACS by itself (script-src 'self').
  await page.keyboard.press('Enter');
}

describe('console SSO sign-in in Chromium', { skip: chromiumSkip() }, () => {
  it('the sign-in page lists the identity providers; erin (several roles) signs in at the IdP with the keyboard and picks a role', async (t) => {
    const { page, cspViolations, context } = await h.open(t);
    await screenshot(page, 'sign-in');
    await ssoSignIn(page, PROD_PROVIDER, 'erin', 'Erin-Demo-2026!', 'idp-sign-in');
    await page.getByRole('heading', { level: 1, name: 'Select a role' }).waitFor();
    assert.ok(await page.getByRole('group', { name: /development/ }).isVisible());
    assert.ok(await page.getByRole('group', { name: /production/ }).isVisible());
    await screenshot(page, 'role-picker');
    await page.getByRole('radio', { name: 'SSOReadOnly' }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/console');
    const header = await readHeader(page);
    assert.match(header.identity, /^SSOReadOnly\/\S+$/, 'a role session without display name shows RoleName/sessionName');
    assert.equal(header.account, 'production (222222222222)');
    assert.match(header.timeLeft, /min left$/);
    assert.equal(await page.getByRole('button', { name: 'Exit role' }).count(), 0, 'nothing to exit to after SSO');
    assert.deepEqual(cspViolations(), []);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'rg_console');
    assert.ok(session, `console cookie set: ${cookies.map((c) => c.name).join(', ')}`);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /rg_console/);
  });

  it('dana (one role) lands straight on the console home; the picker is skipped', async (t) => {
    const { page, cspViolations } = await h.open(t);
    await ssoSignIn(page, DEV_PROVIDER, 'dana', 'Dana-Demo-2026!');
    await page.waitForURL((url) => url.pathname === '/console');
    const header = await readHeader(page);
    assert.match(header.identity, /^SSODeveloper\//);
    assert.equal(header.account, 'development (111111111111)');
    assert.deepEqual(cspViolations(), []);
  });

  it('dana starting at the IdP (IdP-initiated, one role) confirms "Continue as …?" before the console session starts', async (t) => {
    const { page, cspViolations, context } = await h.open(t, '/idp/saml/start');
    await idpLogin(page, 'dana', 'Dana-Demo-2026!');
    await page.getByRole('heading', { level: 1, name: /^Continue as .+\?$/ }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/saml');
    assert.equal(await page.getByRole('radio', { name: 'SSODeveloper' }).isChecked(), true, 'the one role is pre-checked');
    const before = await context.cookies();
    assert.equal(before.find((c) => c.name === 'rg_console'), undefined, 'no console session before Continue');
    assert.ok(before.find((c) => c.name === 'rg_pick'), `picker state cookie: ${before.map((c) => c.name).join(', ')}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/console');
    const header = await readHeader(page);
    assert.match(header.identity, /^SSODeveloper\//);
    assert.equal(header.account, 'development (111111111111)');
    const after = await context.cookies();
    assert.ok(after.find((c) => c.name === 'rg_console'), 'Continue started the console session');
    assert.equal(after.find((c) => c.name === 'rg_pick'), undefined, 'the picker state cookie is cleared');
    assert.deepEqual(cspViolations(), []);
  });

  it("login CSRF: another site auto-posts its user's valid response; the browser stops at \"Continue as …?\" with no console session", async (t) => {
    const { page, context } = await h.open(t, '/console');
    const response = corpResponse(h.server, {
      nameId: 'mallory',
      attributes: { [ROLE_ATTR]: [`${SSO_DEVELOPER},${DEV_PROVIDER}`], [SESSION_NAME_ATTR]: ['mallory'], 'urn:oid:2.16.840.1.113730.3.1.241': ['Mallory'] },
    });
    await context.route('https://attacker.example/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<form method="post" action="${h.server.acsUrl}"><input type="hidden" name="SAMLResponse" value="${b64(response)}"><button>Win a prize</button></form>`,
      }),
    );
    await page.goto('https://attacker.example/');
    await page.getByRole('button', { name: 'Win a prize' }).click();
    await page.getByRole('heading', { level: 1, name: 'Continue as Mallory?' }).waitFor();
    const cookies = await context.cookies();
    assert.equal(cookies.find((c) => c.name === 'rg_console'), undefined, 'the cross-site post signed nobody in');
    assert.ok(cookies.find((c) => c.name === 'rg_pick'), 'the picker state cookie is kept from a cross-site top-level POST');
    const other = await context.newPage();
    await other.goto('/console');
    assert.equal(await heading(other), 'Sign in to the console');
    // Only the user's own click continues (same-origin form, the cookie set by the cross-site answer).
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/console');
    assert.match((await readHeader(page)).identity, /^SSODeveloper\/mallory/);
  });

  it('a wrong password stays at the IdP with an error and sets no console cookie', async (t) => {
    const { page, context } = await h.open(t);
    await ssoSignIn(page, DEV_PROVIDER, 'dana', 'not-the-password');
    await page.getByText(/incorrect/).waitFor();
    assert.equal(await heading(page), 'Sign in');
    assert.equal((await context.cookies()).find((c) => c.name === 'rg_console'), undefined);
  });

  it('sign-out revokes every credential of the console session; the old cookie lands on the sign-in page', async (t) => {
    const { page, context } = await h.open(t);
    const mark = h.server.store.writes.length;
    await ssoSignIn(page, DEV_PROVIDER, 'dana', 'Dana-Demo-2026!');
    await page.waitForURL((url) => url.pathname === '/console');
    const accessKeys = h.server.store.writtenSince(mark, 'sess:').map((k) => k.slice('sess:'.length));
    assert.ok(accessKeys.length >= 1, 'the sign-in issued credentials');
    for (const key of accessKeys) assert.equal((await h.server.rolegate.services.resolver.find(key))?.revocation.revoked, false);
    const oldCookie = (await context.cookies()).find((c) => c.name === 'rg_console');
    assert.ok(oldCookie);

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The signed-out page continues (meta refresh) to the IdP's single logout, whose signed
    // LogoutResponse comes back to /saml/logout and is validated there.
    await page.waitForURL((url) => url.pathname === '/saml/logout', { timeout: 15_000 });
    await page.getByRole('heading', { level: 1, name: /signed out/i }).waitFor();
    for (const key of accessKeys) assert.equal((await h.server.rolegate.services.resolver.find(key))?.revocation.revoked, true, `${key} revoked`);
    assert.equal((await context.cookies()).find((c) => c.name === 'rg_console'), undefined, 'cookie cleared');

    // Someone who kept the old cookie gets the sign-in page, not the session.
    const replay = await h.browser.newContext({ baseURL: h.server.url });
    t.after(() => replay.close());
    await replay.addCookies([oldCookie]);
    const stale = await replay.newPage();
    await stale.goto('/console');
    assert.equal(await heading(stale), 'Sign in to the console');
  });

  it('the content security policy is enforced: an injected inline script is refused and reported', async (t) => {
    const { page, cspViolations } = await h.open(t);
    assert.deepEqual(cspViolations(), []);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "pwned"';
      document.body.append(script);
    });
    assert.ok(await eventually(() => cspViolations().length === 1), 'the detector the other tests rely on sees the violation');
    assert.notEqual(await page.title(), 'pwned');
  });
});
