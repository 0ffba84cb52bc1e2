/**
 * Web hygiene as a real browser enforces it: a page on another site cannot post the console's
 * forms for you (SameSite cookie + Origin/Sec-Fetch-Site checks) nor frame the console
 * (frame-ancestors 'none'); the session cookie is HttpOnly and SameSite, planted ids are not
 * adopted and every sign-in, switch and exit issues a new id; keyboard-only sign-in.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { browserHarness, chromiumSkip, eventually, type BrowserHarness } from '../helpers/browser.js';
import { DEMO_PASSWORDS, heading, readHeader, signInIamUser, submit, UPDATE_APP_LINK } from './console-pages.js';

const h: BrowserHarness = browserHarness();

/** Another site (localhost vs 127.0.0.1 are different sites) serving whatever page a test sets. */
let evil: Server;
let evilPage = '';
let evilUrl = '';
before(async () => {
  evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(evilPage));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
});
after(async () => {
  evil.closeAllConnections();
  await new Promise<void>((resolve) => evil.close(() => resolve()));
});

describe('web hygiene in Chromium', { skip: chromiumSkip() }, () => {
  it('bob signs in with the keyboard only; the session cookie is HttpOnly and SameSite=Lax and invisible to scripts', async (t) => {
    const { page, context, cspViolations } = await h.open(t);
    assert.equal(await signInIamUser(page, { account: 'development', username: 'bob', password: DEMO_PASSWORDS.bob }), 200);
    assert.equal((await readHeader(page)).identity, 'bob @ development');
    const session = (await context.cookies()).filter((c) => /rg_console/.test(c.name));
    assert.equal(session.length, 1);
    assert.equal(session[0]!.httpOnly, true);
    assert.equal(session[0]!.sameSite, 'Lax');
    assert.equal(session[0]!.path, '/');
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /rg_console/);
    assert.deepEqual(cspViolations(), []);
  });

  it('a session cookie planted before sign-in is replaced; sign-in, switch and exit each issue a new id and retire the old one', async (t) => {
    const { page, context } = await h.open(t);
    const sessionCookie = async () => (await context.cookies()).find((c) => /rg_console/.test(c.name));
    await context.addCookies([{ name: 'rg_console', value: 'planted-by-an-attacker-0000000000000', url: h.server.url, httpOnly: true, sameSite: 'Lax' }]);
    const planted = (await sessionCookie())!;
    assert.equal(await signInIamUser(page, { account: 'development', username: 'alice', password: DEMO_PASSWORDS.alice, mfaCode: () => h.totp.next() }), 200);
    const signedIn = await sessionCookie();
    assert.ok(signedIn && signedIn.value !== planted.value, 'a fresh id at sign-in');
    await page.goto(UPDATE_APP_LINK);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 200);
    const switched = await sessionCookie();
    assert.ok(switched && switched.value !== signedIn.value, 'a fresh id at switch');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Exit role' })), 200);
    const exited = await sessionCookie();
    assert.ok(exited && exited.value !== switched.value, 'a fresh id at exit');
    assert.equal((await readHeader(page)).identity, 'alice @ development');
    for (const old of [planted, signedIn, switched]) {
      const other = await h.browser.newContext({ baseURL: h.server.url });
      t.after(() => other.close());
      await other.addCookies([old]);
      const probe = await other.newPage();
      await probe.goto('/console');
      assert.equal(await heading(probe), 'Sign in to the console', `old id ${old.value.slice(0, 6)}… no longer works`);
    }
  });

  it('a form auto-posted from another site does not sign bob out', async (t) => {
    const { page } = await h.open(t);
    assert.equal(await signInIamUser(page, { account: 'development', username: 'bob', password: DEMO_PASSWORDS.bob }), 200);
    const csrf = await page.locator('form[action="/console/signout"] input[name=csrf]').inputValue();
    const marker = h.server.store.writes.length;
    // Even with the right CSRF token (leaked somehow), the cross-site post must fail.
    evilPage = `<!doctype html><form id=f method=post action="${h.server.url}/console/signout"><input type=hidden name=csrf value="${csrf}"></form><script>document.getElementById('f').submit()</script>`;
    const landed = page.waitForResponse((r) => r.url() === `${h.server.url}/console/signout`);
    await page.goto(evilUrl);
    const answer = await landed;
    assert.ok(answer.status() >= 400, `cross-site post refused, got ${answer.status()}`);
    assert.deepEqual(h.server.store.writtenSince(marker, 'rev:'), []);
    await page.goto('/console');
    assert.equal((await readHeader(page)).identity, 'bob @ development', 'still signed in');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Sign out' })), 200);
    assert.equal(await heading(page), 'Signed out');
  });

  it('another site cannot frame the console (frame-ancestors)', async (t) => {
    const { page, errors } = await h.open(t);
    evilPage = `<!doctype html><iframe src="${h.server.url}/console" title="console"></iframe>`;
    await page.goto(evilUrl);
    const reported = await eventually(() => errors.some((e) => /frame-ancestors|X-Frame-Options/i.test(e)));
    const framed = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(framed);
    assert.equal(await framed.getByText('Sign in to the console').count(), 0, `nothing of the console rendered in the frame (${framed.url()})`);
    assert.ok(reported, `the browser reports the refusal: ${errors.join(' | ')}`);
  });
});
