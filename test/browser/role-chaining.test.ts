/**
 * Role chaining in Chromium: alice → UpdateAPP → ProductionReadOnly (trusted by UpdateAPP only),
 * capped at one hour; Exit role walks the stack back one identity at a time; sign-out revokes
 * every credential the console session held, the whole stack.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserHarness, chromiumSkip, type BrowserHarness } from '../helpers/browser.js';
import { DEMO_PASSWORDS, heading, readHeader, signInIamUser, submit, UPDATE_APP_LINK } from './console-pages.js';

const h: BrowserHarness = browserHarness();

const minutesLeft = (text: string) => {
  const m = /^(?:(\d+) h )?(\d+) min left$/.exec(text);
  assert.ok(m, text);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
};

describe('role chaining in Chromium', { skip: chromiumSkip() }, () => {
  it('alice → UpdateAPP → ProductionReadOnly; Exit role twice walks back; sign-out revokes the whole stack', async (t) => {
    const { page, cspViolations } = await h.open(t);
    const mark = h.server.store.writes.length;
    assert.equal(await signInIamUser(page, { account: 'development', username: 'alice', password: DEMO_PASSWORDS.alice, mfaCode: () => h.totp.next() }), 200);
    await page.goto(UPDATE_APP_LINK);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 200);
    assert.equal((await readHeader(page)).identity, 'Prod');

    // From a role session: role chaining, at most one hour whatever the role's maximum.
    await page.getByRole('link', { name: 'Switch role', exact: true }).click();
    await page.getByLabel('Account', { exact: true }).fill('production');
    await page.getByLabel('Role', { exact: true }).fill('ProductionReadOnly');
    await page.getByLabel('Display name').fill('Prod read-only');
    await page.getByLabel('Color').selectOption('blue');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 200);
    const chained = await readHeader(page);
    assert.equal(chained.identity, 'Prod read-only');
    assert.equal(chained.account, 'production (222222222222)');
    assert.ok(minutesLeft(chained.timeLeft) <= 60, `chained session capped at 1 h: ${chained.timeLeft}`);
    assert.match((await page.locator('header').getAttribute('class')) ?? '', /blue/);

    // The chained session can read, not write.
    await page.goto('/console/s3/productionapp');
    assert.equal(await heading(page), 'productionapp');
    await page.getByLabel('Object key').fill('chained.txt');
    await page.getByLabel('Content').fill('should not land');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Upload' })), 403);
    assert.match(await page.getByTestId('denial-explanation').innerText(), /s3:PutObject/);

    const keys = h.server.store.writtenSince(mark, 'sess:').map((k) => k.slice('sess:'.length));
    assert.ok(keys.length >= 2, `credentials for both switches: ${keys.length}`);

    assert.equal(await submit(page, page.getByRole('button', { name: 'Exit role' })), 200);
    assert.equal((await readHeader(page)).identity, 'Prod', 'back to UpdateAPP');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Exit role' })), 200);
    assert.equal((await readHeader(page)).identity, 'alice @ development', 'back to alice');
    assert.equal(await page.getByRole('button', { name: 'Exit role' }).count(), 0);

    // Switch again, then sign out: everything this console session held is revoked.
    await page.goto(UPDATE_APP_LINK);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 200);
    const all = h.server.store.writtenSince(mark, 'sess:').map((k) => k.slice('sess:'.length));
    assert.equal(await submit(page, page.getByRole('button', { name: 'Sign out' })), 200);
    assert.equal(await heading(page), 'Signed out');
    for (const key of all) assert.equal((await h.server.rolegate.services.resolver.find(key))?.revocation.revoked, true, `${key} revoked`);
    await page.goto('/console');
    assert.equal(await heading(page), 'Sign in to the console');
    assert.deepEqual(cspViolations(), []);
  });
});
