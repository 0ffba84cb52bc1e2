/**
 * Page steps shared by the browser tests: IAM user sign-in with the keyboard, form submissions that
 * report the status of the page they end on, and reading the console header.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { tabTo, testIdText } from '../helpers/browser.js';

export const DEMO_PASSWORDS = { alice: 'Alice-Demo-2026!', bob: 'Bob-Demo-2026!' } as const;
export const UPDATE_APP_LINK = '/switchrole?account=222222222222&roleName=UpdateAPP&displayName=Prod&color=red';
export const UPDATE_APP_ARN = 'arn:aws:iam::222222222222:role/UpdateAPP';

/** Clicks `target` (or presses Enter in it) and returns the status of the document the navigation ends on (after redirects). */
export async function submit(page: Page, target: Locator, how: 'click' | 'enter' = 'click'): Promise<number> {
  const landed = page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400));
  if (how === 'click') await target.click();
  else await target.press('Enter');
  const status = (await landed).status();
  await page.waitForLoadState();
  return status;
}

export async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).first().textContent()) ?? '').trim();
}

export interface Header {
  readonly identity: string;
  readonly account: string;
  readonly timeLeft: string;
}

export async function readHeader(page: Page): Promise<Header> {
  const header = page.locator('header');
  await header.getByTestId('identity').waitFor();
  return { identity: await testIdText(page, 'identity'), account: await testIdText(page, 'account'), timeLeft: await testIdText(page, 'time-left') };
}

/**
 * IAM user sign-in on /console using only the keyboard: Tab to "Account ID or alias", type, Tab,
 * type, Tab, type, Enter; then the MFA step when `mfaCode` is given. Returns the final status.
 * `startAt`: a console page opened signed out, which shows the sign-in page first.
 */
export async function signInIamUser(page: Page, user: { account: string; username: string; password: string; mfaCode?: () => Promise<string>; startAt?: string }): Promise<number> {
  await page.goto(user.startAt ?? '/console');
  assert.equal(await heading(page), 'Sign in to the console');
  await tabTo(page, 'Account ID or alias');
  await page.keyboard.type(user.account);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  const status = await submit(page, page.getByLabel('Password', { exact: true }), 'enter');
  if (!user.mfaCode) return status;
  assert.ok(await page.getByLabel('MFA code').isVisible(), `an MFA step after the password (status ${status}, "${await heading(page)}")`);
  const field = page.getByLabel('MFA code');
  await field.fill(await user.mfaCode());
  return submit(page, field, 'enter');
}

/** Follows a nav link in the header and waits for the page's heading. */
export async function navigate(page: Page, link: string): Promise<void> {
  await page.locator('header').getByRole('link', { name: link, exact: true }).click();
  await page.waitForLoadState();
}
