/**
 * The AWS roles guide's journey in headless Chromium: alice signs in (password + TOTP), opens the
 * shareable Switch Role link, switches to Production UpdateAPP, uploads to productionapp, is
 * denied on production-secrets with the explanation, exits the role and is denied on
 * productionapp again. bob's switch is refused; CriticalOps asks for an MFA code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserHarness, chromiumSkip, screenshot, type BrowserHarness } from '../helpers/browser.js';
import { DEMO_PASSWORDS, heading, navigate, readHeader, signInIamUser, submit, UPDATE_APP_ARN, UPDATE_APP_LINK } from './console-pages.js';

const h: BrowserHarness = browserHarness();

async function signInAlice(page: Page): Promise<void> {
  const status = await signInIamUser(page, { account: 'development', username: 'alice', password: DEMO_PASSWORDS.alice, mfaCode: () => h.totp.next() });
  assert.equal(status, 200);
  assert.equal(await heading(page), 'Console home');
}

function sessionKeysSince(mark: number): string[] {
  return h.server.store.writtenSince(mark, 'sess:').map((k) => k.slice('sess:'.length));
}

describe('switch role journey in Chromium', { skip: chromiumSkip() }, () => {
  it('alice: link → UpdateAPP → upload to productionapp → denied on production-secrets → exit role → denied on productionapp', async (t) => {
    const { page, cspViolations } = await h.open(t);
    await signInAlice(page);
    const alice = await readHeader(page);
    assert.equal(alice.identity, 'alice @ development');
    assert.equal(alice.account, 'development (111111111111)');
    assert.match(alice.timeLeft, /^(\d+ h )?\d+ min left$/);

    // The shareable link opens the form filled in.
    assert.equal((await page.goto(UPDATE_APP_LINK))?.status(), 200);
    assert.equal(await heading(page), 'Switch Role');
    assert.equal(await page.getByLabel('Account', { exact: true }).inputValue(), '222222222222');
    assert.equal(await page.getByLabel('Role', { exact: true }).inputValue(), 'UpdateAPP');
    assert.equal(await page.getByLabel('Display name').inputValue(), 'Prod');
    assert.equal(await page.getByLabel('Color').inputValue(), 'red');
    await screenshot(page, 'switch-role');
    const beforeSwitch = h.server.store.writes.length;
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 200);
    assert.equal(new URL(page.url()).pathname, '/console');
    const role = await readHeader(page);
    assert.equal(role.identity, 'Prod');
    assert.equal(role.account, 'production (222222222222)');
    assert.match(await page.getByTestId('original-identity').innerText(), /alice/);
    assert.match((await page.locator('header').getAttribute('class')) ?? '', /\bred\b|-red\b/);
    const roleKeys = sessionKeysSince(beforeSwitch);
    assert.equal(roleKeys.length, 1, 'one AssumeRole session issued by the switch');
    await screenshot(page, 'home');

    // Upload through the form, read it back.
    await navigate(page, 'S3');
    assert.equal(await heading(page), 'Buckets');
    await page.getByRole('link', { name: 'production-secrets', exact: true }).waitFor();
    await page.getByRole('link', { name: 'productionapp', exact: true }).click();
    await page.waitForLoadState();
    assert.equal(await heading(page), 'productionapp');
    const key = 'releases/1.4.3/notes.txt';
    await page.getByLabel('Object key').fill(key);
    await page.getByLabel('Content').fill('Release 1.4.3: checkout fix\n');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Upload' })), 200);
    assert.equal(new URL(page.url()).pathname, '/console/s3/productionapp');
    await screenshot(page, 'bucket');
    await page.getByRole('link', { name: key, exact: true }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByTestId('object-content').innerText(), 'Release 1.4.3: checkout fix\n');

    // Another bucket: denied, with the explanation.
    await navigate(page, 'S3');
    const denied = submit(page, page.getByRole('link', { name: 'production-secrets', exact: true }));
    assert.equal(await denied, 403);
    assert.equal(await heading(page), 'Access denied');
    const why = await page.getByTestId('denial-explanation').innerText();
    assert.match(why, /s3:ListBucket/);
    assert.match(why, /arn:aws:s3:::production-secrets/);
    assert.match(why, /UpdateAPP|ProductionAppReadWrite/);
    await screenshot(page, 'access-denied');

    // Exit role: back to alice, the role's credentials revoked, productionapp denied.
    assert.equal(await submit(page, page.getByRole('button', { name: 'Exit role' })), 200);
    assert.equal((await readHeader(page)).identity, 'alice @ development');
    assert.equal(await page.getByRole('button', { name: 'Exit role' }).count(), 0);
    assert.equal((await h.server.rolegate.services.resolver.find(roleKeys[0]!))?.revocation.revoked, true, 'exited role credentials revoked');
    assert.equal((await page.goto('/console/s3/productionapp'))?.status(), 403);
    assert.equal(await heading(page), 'Access denied');
    assert.match(await page.getByTestId('denial-explanation').innerText(), /arn:aws:s3:::productionapp/);

    // The role is remembered: recently used, as the prefilled link.
    await navigate(page, 'Switch role');
    const recent = page.getByTestId('recent-roles').getByRole('link');
    assert.ok((await recent.count()) >= 1);
    const href = (await recent.first().getAttribute('href')) ?? '';
    const params = new URL(href, h.server.url).searchParams;
    assert.equal(params.get('roleName'), 'UpdateAPP');
    assert.equal(params.get('account'), '222222222222');
    // Pinning keeps it in the pinned list, with the same link.
    assert.equal(await submit(page, page.getByTestId('recent-roles').getByRole('button', { name: /^Pin / }).first()), 200);
    assert.equal(await page.getByTestId('pinned-roles').getByRole('link').first().getAttribute('href'), href);
    assert.deepEqual(cspViolations(), []);
  });

  it('the shareable link opened signed out survives sign-in (password and MFA step) and opens the form filled in', async (t) => {
    const { page } = await h.open(t);
    const status = await signInIamUser(page, { account: 'development', username: 'alice', password: DEMO_PASSWORDS.alice, mfaCode: () => h.totp.next(), startAt: UPDATE_APP_LINK });
    assert.equal(status, 200);
    assert.equal(await heading(page), 'Switch Role');
    assert.equal(await page.getByLabel('Role', { exact: true }).inputValue(), 'UpdateAPP');
    assert.equal(await page.getByLabel('Color').inputValue(), 'red');
    assert.equal((await readHeader(page)).identity, 'alice @ development');
  });

  it('bob: the switch to UpdateAPP is refused with a clear message and no credentials are issued', async (t) => {
    const { page, cspViolations } = await h.open(t);
    assert.equal(await signInIamUser(page, { account: '111111111111', username: 'bob', password: DEMO_PASSWORDS.bob }), 200);
    assert.equal((await readHeader(page)).identity, 'bob @ development');
    await page.goto(UPDATE_APP_LINK);
    const mark = h.server.store.writes.length;
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 403);
    assert.equal(await heading(page), 'Switch Role');
    const alert = await page.getByRole('alert').innerText();
    assert.match(alert, /not authorized to perform: sts:AssumeRole/);
    assert.ok(alert.includes(UPDATE_APP_ARN), alert);
    assert.deepEqual(sessionKeysSince(mark), []);
    assert.equal((await readHeader(page)).identity, 'bob @ development');
    assert.deepEqual(cspViolations(), []);
  });

  it('CriticalOps (trust policy requires MFA): the form asks for an MFA code, then the switch succeeds', async (t) => {
    const { page, cspViolations } = await h.open(t);
    await signInAlice(page);
    await page.goto('/switchrole?account=production&roleName=CriticalOps');
    const mark = h.server.store.writes.length;
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 401);
    assert.match(await page.getByRole('alert').innerText(), /MFA/);
    assert.deepEqual(sessionKeysSince(mark), []);
    const code = page.getByLabel('MFA code');
    await code.fill(await h.totp.next());
    assert.equal(await submit(page, code, 'enter'), 200);
    const header = await readHeader(page);
    assert.match(header.identity, /CriticalOps/);
    assert.equal(header.account, 'production (222222222222)');
    assert.equal(sessionKeysSince(mark).length, 1);

    // Its policy lets it stop critical instances only.
    await navigate(page, 'EC2');
    assert.equal(await heading(page), 'Instances');
    const billing = page.getByTestId('instance-i-0c0ffee0000c0ffee');
    assert.equal(await submit(page, billing.getByRole('button', { name: 'Stop' })), 200);
    assert.match(await page.getByTestId('instance-i-0c0ffee0000c0ffee').getByTestId('state').innerText(), /stop/i);
    await screenshot(page, 'ec2');
    assert.equal(await submit(page, page.getByTestId('instance-i-0badcafe000000001').getByRole('button', { name: 'Stop' })), 403);
    assert.equal(await heading(page), 'Access denied');
    const why = await page.getByTestId('denial-explanation').innerText();
    assert.match(why, /ec2:StopInstances/);
    assert.match(why, /i-0badcafe000000001/);
    assert.deepEqual(cspViolations(), []);
  });

  it('a wrong password or MFA code: 401, the same generic alert, no console cookie', async (t) => {
    const { page, context } = await h.open(t);
    assert.equal(await signInIamUser(page, { account: 'development', username: 'alice', password: 'wrong-password' }), 401);
    assert.match(await page.getByRole('alert').innerText(), /Sign-in failed/);
    const wrongCode = await signInIamUser(page, { account: 'development', username: 'alice', password: DEMO_PASSWORDS.alice, mfaCode: async () => h.totp.wrong() });
    assert.equal(wrongCode, 401);
    assert.match(await page.getByRole('alert').innerText(), /Sign-in failed/);
    assert.equal((await context.cookies()).find((c) => /rg_console/.test(c.name)), undefined);
  });
});
