/**
 * The "Continue as …?" interstitial of IdP-initiated SAML logins (login CSRF, security.md §1.5):
 * an unsolicited response, even with one role, stops at a confirm page (state in `rg_pick`, 5 min)
 * and the console session starts only when this browser posts the form, same-origin, once.
 * SP-initiated logins (the browser asked) still go straight in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  b64,
  Browser,
  checkedRole,
  confirmUnsolicited,
  corpResponse,
  DEV_PROVIDER,
  errorCode,
  formAction,
  formFields,
  ROLE_ATTR,
  SESSION_NAME_ATTR,
  SSO_DEVELOPER,
  SSO_READ_ONLY,
  startSamlServer,
  type SamlServer,
} from './helpers.js';

const DISPLAY_NAME_ATTR = 'urn:oid:2.16.840.1.113730.3.1.241';
const PICK_TTL_MS = 5 * 60 * 1000;

let server: SamlServer;
before(async () => {
  server = await startSamlServer();
});
after(async () => {
  await server.close();
});

/** An unsolicited response for dana (one role), posted cross-site as an IdP's auto-submitting form would. */
async function unsolicitedPage(browser: Browser, overrides: Parameters<typeof corpResponse>[1] = {}, relayState?: string) {
  return browser.fetch(server.acsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://idp.example', 'sec-fetch-site': 'cross-site' },
    body: new URLSearchParams({ SAMLResponse: b64(corpResponse(server, overrides)), ...(relayState ? { RelayState: relayState } : {}) }).toString(),
  });
}

const continueForm = (html: string) => ({ ...formFields(html), roleArn: checkedRole(html)! });
const pick = (browser: Browser, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  browser.fetch(`${server.url}/console/pick`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });

async function signedInRole(browser: Browser): Promise<string | undefined> {
  return /<dd id="role">([^<]+)<\/dd>/.exec((await browser.get(`${server.url}/console`)).body)?.[1];
}

describe('IdP-initiated SAML: "Continue as …?" before the console session (security.md §1.5)', () => {
  it('one role: the confirm page, and no credentials, console session or console cookie until Continue', async () => {
    const browser = new Browser();
    const mark = server.store.writes.length;
    const page = await unsolicitedPage(browser, { attributes: { [ROLE_ATTR]: [`${SSO_DEVELOPER},${DEV_PROVIDER}`], [SESSION_NAME_ATTR]: ['dana'], [DISPLAY_NAME_ATTR]: ['Dana Developer'] } });
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, /<h1>Continue as Dana Developer\?<\/h1>/);
    assert.doesNotMatch(page.body, /<h1>Select a role<\/h1>/);
    assert.equal(formAction(page.body), '/console/pick');
    assert.match(formFields(page.body)['csrf']!, /^[A-Za-z0-9_-]{20,}$/);
    assert.equal(checkedRole(page.body), SSO_DEVELOPER, 'the one role is pre-checked');
    assert.match(page.body, /<button type="submit">Continue<\/button>/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const setCookies = page.headers.getSetCookie();
    assert.ok(setCookies.some((c) => /^rg_pick=[^;]+;.*HttpOnly/i.test(c)), setCookies.join(' | '));
    assert.ok(!setCookies.some((c) => c.startsWith('rg_console=')), setCookies.join(' | '));
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), [], 'no credentials before Continue');
    assert.deepEqual(server.store.writtenSince(mark, 'console:sess:'), [], 'no console session before Continue');
    assert.equal(server.store.writtenSince(mark, 'console:pick:').length, 1);
    assert.equal(await signedInRole(browser), undefined);
    assert.match((await browser.get(`${server.url}/console`)).body, /Sign in to the console/);

    const continued = await pick(browser, continueForm(page.body), { origin: server.url, 'sec-fetch-site': 'same-origin' });
    assert.equal(continued.status, 303, continued.body);
    assert.equal(continued.headers.get('location'), '/console');
    const after = continued.headers.getSetCookie();
    assert.ok(after.some((c) => /^rg_console=[^;]+;.*HttpOnly.*SameSite=Lax/i.test(c)), after.join(' | '));
    assert.ok(after.some((c) => /^rg_pick=;.*Max-Age=0/i.test(c)), 'the picker cookie is cleared');
    assert.equal(server.store.writtenSince(mark, 'sess:').length, 1, 'exactly one credential session');
    assert.equal(server.store.writtenSince(mark, 'console:sess:').length, 1, 'exactly one console session');
    assert.equal(await signedInRole(browser), 'SSODeveloper');
    const accessKeyId = server.store.writtenSince(mark, 'sess:')[0]!.slice('sess:'.length);
    const record = (await server.rolegate.services.sessions.find(accessKeyId))!;
    assert.equal(record.roleArn, SSO_DEVELOPER);
    assert.equal(record.federatedProvider, DEV_PROVIDER);
  });

  it('the confirmed choice cannot be reused (same browser or another): SIGNIN_STATE_INVALID, nothing stored', async () => {
    const browser = new Browser();
    const page = await unsolicitedPage(browser);
    const form = continueForm(page.body);
    const pickCookie = browser.cookies.get('rg_pick')!;
    await confirmUnsolicited(browser, page);
    const mark = server.store.writes.length;
    browser.cookies.set('rg_pick', pickCookie);
    const again = await pick(browser, form);
    assert.equal(again.status, 400);
    assert.equal(errorCode(again.body), 'SIGNIN_STATE_INVALID');
    const other = new Browser();
    other.cookies.set('rg_pick', pickCookie);
    const elsewhere = await pick(other, form);
    assert.equal(errorCode(elsewhere.body), 'SIGNIN_STATE_INVALID');
    assert.ok(!elsewhere.headers.getSetCookie().some((c) => /^rg_console=[^;]+/.test(c)));
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('concurrent Continues of one page: exactly one session', async () => {
    const browser = new Browser();
    const page = await unsolicitedPage(browser);
    const mark = server.store.writes.length;
    const answers = await Promise.all(Array.from({ length: 6 }, () => pick(browser, continueForm(page.body))));
    assert.deepEqual(answers.map((a) => a.status).sort(), [303, 400, 400, 400, 400, 400]);
    for (const a of answers.filter((x) => x.status !== 303)) assert.equal(errorCode(a.body), 'SIGNIN_STATE_INVALID');
    assert.equal(server.store.writtenSince(mark, 'sess:').length, 1);
    assert.equal(server.store.writtenSince(mark, 'console:sess:').length, 1);
  });

  it('a cross-site POST to /console/pick is refused (CSRF_INVALID), stores nothing and leaves the page usable', async () => {
    const browser = new Browser();
    const page = await unsolicitedPage(browser);
    const form = continueForm(page.body);
    const mark = server.store.writes.length;
    const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null', 'sec-fetch-site': 'cross-site' }];
    for (const headers of crossSite) {
      const refused = await pick(browser, form, headers);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.equal(errorCode(refused.body), 'CSRF_INVALID', JSON.stringify(headers));
      assert.ok(!refused.headers.getSetCookie().some((c) => /^rg_console=[^;]+/.test(c)));
    }
    assert.deepEqual(server.store.writtenSince(mark), []);
    assert.equal(await signedInRole(browser), undefined);
    // The refused posts did not consume the state: the user can still continue from the page.
    await confirmUnsolicited(browser, page);
    assert.equal(await signedInRole(browser), 'SSODeveloper');
  });

  it('a forged CSRF token or a role that was not offered is refused, nothing stored', async () => {
    const browser = new Browser();
    const page = await unsolicitedPage(browser);
    const mark = server.store.writes.length;
    const forged = await pick(browser, { ...continueForm(page.body), csrf: 'forged-token-000000000000' });
    assert.equal(errorCode(forged.body), 'CSRF_INVALID');
    const noCsrf = await pick(browser, { roleArn: SSO_DEVELOPER });
    assert.equal(errorCode(noCsrf.body), 'CSRF_INVALID');
    const otherRole = await pick(browser, { ...continueForm(page.body), roleArn: SSO_READ_ONLY });
    assert.equal(otherRole.status, 403);
    assert.equal(errorCode(otherRole.body), 'SAML_NO_ROLE');
    const noCookie = await pick(new Browser(), continueForm(page.body));
    assert.equal(errorCode(noCookie.body), 'SIGNIN_STATE_INVALID');
    assert.deepEqual(server.store.writtenSince(mark), []);
    assert.equal(await signedInRole(browser), undefined);
  });

  it('the picker state expires after 5 minutes (server clock): SIGNIN_STATE_INVALID, nothing stored', async () => {
    const early = new Browser();
    const earlyPage = await unsolicitedPage(early);
    const late = new Browser();
    const latePage = await unsolicitedPage(late);
    try {
      server.clock.offsetMs += PICK_TTL_MS - 5_000;
      await confirmUnsolicited(early, earlyPage);
      assert.equal(await signedInRole(early), 'SSODeveloper', 'still valid just before 5 minutes');
      server.clock.offsetMs += 10_000;
      const mark = server.store.writes.length;
      const expired = await pick(late, continueForm(latePage.body));
      assert.equal(expired.status, 400, expired.body);
      assert.equal(errorCode(expired.body), 'SIGNIN_STATE_INVALID');
      assert.equal((await late.get(`${server.url}/console/pick`)).status, 400, 'the page cannot be shown again either');
      assert.deepEqual(server.store.writtenSince(mark), []);
      assert.equal(await signedInRole(late), undefined);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('the assertion is consumed at the ACS: posting it again before Continue is SAML_REPLAYED, nothing stored', async () => {
    const samlResponse = b64(corpResponse(server));
    const browser = new Browser();
    const page = await browser.post(server.acsUrl, { SAMLResponse: samlResponse });
    const mark = server.store.writes.length;
    const replay = await new Browser().post(server.acsUrl, { SAMLResponse: samlResponse });
    assert.equal(errorCode(replay.body), 'SAML_REPLAYED');
    assert.deepEqual(server.store.writtenSince(mark), []);
    await confirmUnsolicited(browser, page);
  });

  it('the display name in the heading is escaped', async () => {
    const browser = new Browser();
    const page = await unsolicitedPage(browser, { attributes: { [ROLE_ATTR]: [`${SSO_DEVELOPER},${DEV_PROVIDER}`], [SESSION_NAME_ATTR]: ['dana'], [DISPLAY_NAME_ATTR]: ['<img src=x onerror=alert(1)>'] } });
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, /<h1>Continue as &lt;img src=x onerror=alert\(1\)&gt;\?<\/h1>/);
    assert.doesNotMatch(page.body, /<img/);
  });

  it('a same-origin RelayState path is where Continue lands; another site is not', async () => {
    for (const [relayState, landing] of [
      ['/console/ec2', '/console/ec2'],
      ['https://evil.example/phish', '/console'],
    ] as const) {
      const browser = new Browser();
      const continued = await confirmUnsolicited(browser, await unsolicitedPage(browser, {}, relayState));
      assert.equal(continued.headers.get('location'), landing, relayState);
    }
  });

  it('SP-initiated with one role still goes straight into the console (no interstitial)', async () => {
    const browser = new Browser();
    const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(DEV_PROVIDER)}&returnTo=${encodeURIComponent('/console')}`);
    assert.equal(start.status, 302);
    const loginPage = await browser.get(start.headers.get('location')!);
    const posted = await browser.post(`${server.url}/idp/saml/login`, { ...formFields(loginPage.body), username: 'dana', password: 'Dana-Demo-2026!' });
    assert.equal(formAction(posted.body), server.acsUrl);
    const mark = server.store.writes.length;
    const acs = await browser.post(server.acsUrl, formFields(posted.body));
    assert.equal(acs.status, 303, acs.body);
    assert.equal(acs.headers.get('location'), '/console');
    assert.ok(acs.headers.getSetCookie().some((c) => /^rg_console=[^;]+/.test(c)));
    assert.ok(!acs.headers.getSetCookie().some((c) => c.startsWith('rg_pick=')));
    assert.deepEqual(server.store.writtenSince(mark, 'console:pick:'), []);
    assert.equal(server.store.writtenSince(mark, 'console:sess:').length, 1);
    assert.equal(await signedInRole(browser), 'SSODeveloper');
  });
});
