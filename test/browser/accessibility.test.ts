/**
 * Accessible markup as Chromium renders it, on every main console page (signed out, as an IAM user,
 * and in a switched role): one h1, a page language, a label for every form control, and text
 * contrast of at least WCAG 2 AA (4.5:1, or 3:1 for large text) computed from the rendered styles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserHarness, chromiumSkip, type BrowserHarness } from '../helpers/browser.js';
import { DEMO_PASSWORDS, signInIamUser, submit, UPDATE_APP_LINK } from './console-pages.js';

const h: BrowserHarness = browserHarness();

interface PageAudit {
  readonly lang: string;
  readonly h1Count: number;
  readonly unlabelled: string[];
  readonly lowContrast: string[];
}

/**
 * Runs in the page (as source text: tsx's keepNames helpers do not exist there): structure, labels
 * and the contrast of every visible text run against its nearest opaque background.
 */
const AUDIT = `(() => {
    const rgba = (value) => (value.match(/[0-9.]+/g) ?? ['0', '0', '0', '0']).map(Number).concat(1).slice(0, 4);
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const bg = rgba(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0.5) return bg;
      }
      return [255, 255, 255, 1];
    };
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && style.display !== 'none' && style.opacity !== '0';
    };
    const lowContrast = [];
    for (const el of document.body.querySelectorAll('*')) {
      const ownText = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!ownText || !visible(el) || ['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) continue;
      const style = getComputedStyle(el);
      const fg = rgba(style.color);
      const bg = background(el);
      const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) lowContrast.push(\`\${el.tagName.toLowerCase()} "\${ownText.slice(0, 30)}" \${ratio.toFixed(2)}:1 (\${style.color} on rgb(\${bg.slice(0, 3).join(', ')}))\`);
    }
    const unlabelled = [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
      .filter((el) => visible(el))
      .filter((el) => {
        const labels = el.labels;
        const named = (labels && labels.length > 0) || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent?.trim());
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 80));
    return { lang: document.documentElement.lang, h1Count: document.querySelectorAll('h1').length, unlabelled, lowContrast };
  })()`;

async function audit(page: Page): Promise<PageAudit> {
  return (await page.evaluate(AUDIT)) as PageAudit;
}

async function assertAccessible(page: Page, name: string): Promise<void> {
  const result = await audit(page);
  assert.equal(result.lang, 'en', `${name}: <html lang>`);
  assert.equal(result.h1Count, 1, `${name}: one h1`);
  assert.deepEqual(result.unlabelled, [], `${name}: every control has a label`);
  assert.deepEqual(result.lowContrast, [], `${name}: text contrast (WCAG AA)`);
}

describe('console accessibility in Chromium', { skip: chromiumSkip() }, () => {
  it('signed out, as an IAM user and in a switched role: structure, labels and contrast on every main page', async (t) => {
    const { page } = await h.open(t);
    await assertAccessible(page, 'sign-in');
    await signInIamUser(page, { account: 'development', username: 'alice', password: DEMO_PASSWORDS.alice });
    await assertAccessible(page, 'MFA step');
    const code = page.getByLabel('MFA code');
    await code.fill(await h.totp.next());
    assert.equal(await submit(page, code, 'enter'), 200);
    await assertAccessible(page, 'home (IAM user)');
    await page.goto(UPDATE_APP_LINK);
    await assertAccessible(page, 'switch role');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Switch Role' })), 200);
    await assertAccessible(page, 'home (switched role, red stripe)');
    for (const path of ['/console/s3', '/console/s3/productionapp', '/console/s3/productionapp/object?key=index.html', '/console/ec2', '/console/s3/production-secrets']) {
      await page.goto(path);
      await assertAccessible(page, path);
    }
    await submit(page, page.getByRole('button', { name: 'Sign out' }));
    await assertAccessible(page, 'signed out');
  });
});
