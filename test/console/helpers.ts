/**
 * Test helpers for the console: sign-in flows over HTTP against a real rolegate, and page reading.
 */
import assert from 'node:assert/strict';
import { currentTotp } from '../../src/core/index.js';
import { ALICE_MFA_SEED } from '../helpers/demo.js';
import { Browser, decodeEntities, formFields, type SamlServer } from '../saml/helpers.js';

export { Browser, formFields, errorCode, startSamlServer, type SamlServer } from '../saml/helpers.js';

export const PASSWORDS = { alice: 'Alice-Demo-2026!', bob: 'Bob-Demo-2026!', admin: 'Admin-Demo-2026!' } as const;

/** Text of the element with `data-testid`. */
export function testId(html: string, id: string): string | undefined {
  const m = new RegExp(`<(\\w+)[^>]*data-testid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m ? decodeEntities(m[2]!.replace(/<[^>]+>/g, '').trim()) : undefined;
}

export function alertText(html: string): string | undefined {
  const m = /<div[^>]*role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html) ?? /role="alert"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return m ? decodeEntities(m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()) : undefined;
}

export function csrfOf(html: string): string {
  const csrf = formFields(html)['csrf'];
  assert.ok(csrf, 'the page has a form with a csrf token');
  return csrf;
}

/** A fresh TOTP code: moves the server clock past every code used so far (codes are single-use per period). */
export function freshCode(server: SamlServer, periodsAhead = 0): string {
  server.clock.offsetMs += 60_000;
  return currentTotp(ALICE_MFA_SEED, server.clock.now() + periodsAhead * 30_000);
}

/** IAM user sign-in through the pages: the form, the password, then the MFA step for alice. */
export async function signInUser(server: SamlServer, user: keyof typeof PASSWORDS, browser = new Browser()): Promise<Browser> {
  const page = await browser.get(`${server.url}/console`);
  assert.match(page.body, /<h1>Sign in to the console<\/h1>/);
  const posted = await browser.post(`${server.url}/console/signin`, { csrf: csrfOf(page.body), account: 'development', username: user, password: PASSWORDS[user] });
  if (user === 'alice') {
    assert.equal(posted.status, 200, posted.body);
    assert.match(posted.body, /<label for="mfaCode">MFA code<\/label>/);
    const done = await browser.post(`${server.url}/console/signin/mfa`, { csrf: csrfOf(posted.body), mfaCode: freshCode(server) });
    assert.equal(done.status, 303, done.body);
  } else {
    assert.equal(posted.status, 303, posted.body);
  }
  return browser;
}

export async function home(server: SamlServer, browser: Browser): Promise<string> {
  const page = await browser.get(`${server.url}/console`);
  assert.equal(page.status, 200);
  return page.body;
}

export async function switchRole(server: SamlServer, browser: Browser, fields: Record<string, string>) {
  const form = await browser.get(`${server.url}/switchrole`);
  assert.equal(form.status, 200, form.body);
  return browser.post(`${server.url}/switchrole`, { csrf: csrfOf(form.body), ...fields });
}

/** Posts a console form of the signed-in session (csrf from the home page). */
export async function postForm(server: SamlServer, browser: Browser, path: string, fields: Record<string, string> = {}) {
  const csrf = csrfOf(await home(server, browser));
  return browser.post(`${server.url}${path}`, { csrf, ...fields });
}

/** Access key ids of credential sessions written since `mark`. */
export function sessionsWrittenSince(server: SamlServer, mark: number): string[] {
  return server.store.writtenSince(mark, 'sess:').map((k) => k.slice('sess:'.length));
}
