/**
 * Test helper: real headless Chromium (Debian's `chromium` package) driven by playwright-core,
 * against a real rolegate (Redis store, unique key prefix) on a known port so that PUBLIC_URL,
 * the SAML ACS URL and the Origin checks match what the browser sends.
 *
 * - Chromium missing: the browser suites skip locally, and FAIL when `CI=true` (`.ci/run` installs it).
 * - Screenshots go to docs/screenshots/<name>.png only with `ROLEGATE_SCREENSHOTS=1`, so ordinary
 *   test runs (and CI) never touch the tree.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { startSamlServer, type SamlServer } from '../saml/helpers.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = 'docs/screenshots';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 800 };

/** A `describe` option: skip reason when Chromium is missing outside CI; in CI the suite runs and fails. */
export function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM_PATH) || process.env['CI'] === 'true') return false;
  return `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium); browser tests are required in CI`;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: browser tests must run in CI (.ci/run installs the chromium package)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A page in a fresh browser context (own cookie jar) that records console errors and page errors. */
export interface Tab {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console messages of type error, and uncaught page errors. */
  readonly errors: string[];
  /** The errors that report a Content-Security-Policy violation. */
  cspViolations(): string[];
}

export interface BrowserHarness {
  readonly server: SamlServer;
  readonly browser: Browser;
  readonly totp: TotpCodes;
  /** Opens a fresh context (closed after the current test) and goes to `path` on rolegate. */
  open(t: { after(fn: () => Promise<void>): void }, path?: string): Promise<Tab>;
}

/** Registers before/after hooks of the enclosing suite: one Chromium and one rolegate (Redis). */
export function browserHarness(): BrowserHarness {
  let server: SamlServer | undefined;
  let browser: Browser | undefined;
  let totp: TotpCodes | undefined;
  let startError: unknown;
  before(async () => {
    if (chromiumSkip()) return; // the suites are skipped too
    try {
      browser = await launchChromium();
      server = await startSamlServer({ storeKind: 'redis' });
      totp = new TotpCodes(ALICE_TOTP_SEED);
    } catch (error) {
      // Kept for every test to rethrow: a failing hook only cancels tests, and CI counts failures.
      startError = error;
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const required = <T>(value: T | undefined): T => {
    if (startError !== undefined) throw startError;
    if (value === undefined) throw new Error('browser harness not started');
    return value;
  };
  return {
    get server() {
      return required(server);
    },
    get browser() {
      return required(browser);
    },
    get totp() {
      return required(totp);
    },
    async open(t, path = '/console') {
      const context = await required(browser).newContext({ viewport: VIEWPORT, baseURL: required(server).url, locale: 'en-US', timezoneId: 'UTC' });
      t.after(() => context.close());
      // Generous: the machine is shared, and the first SAML response validation compiles a WASM schema validator.
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(path);
      return { page, context, errors, cspViolations: () => errors.filter((e) => /Content Security Policy/i.test(e)) };
    },
  };
}



/** Saves a 1280×800 screenshot to docs/screenshots/<name>.png when ROLEGATE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['ROLEGATE_SCREENSHOTS'] !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, animations: 'disabled' });
}

export const ALICE_TOTP_SEED = 'JBSWY3DPEHPK3PXP';

/**
 * TOTP codes (RFC 6238, SHA-1, 6 digits, 30 s) for one device against one server. The server
 * accepts a code within ±1 period and each period's code only once, so this hands out the current
 * period's code, then the next one's, then the previous one's, then waits for a new period.
 */
export class TotpCodes {
  private readonly secret: Secret;
  private readonly used = new Set<number>();

  constructor(seed: string) {
    this.secret = Secret.fromBase32(seed);
  }

  async next(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const counter = Math.floor(now / 30_000);
      // The previous period's code stays valid until this period ends: use it only with a margin.
      const previousIsSafe = (counter + 1) * 30_000 - now > 5_000;
      for (const candidate of previousIsSafe ? [counter, counter + 1, counter - 1] : [counter, counter + 1]) {
        if (!this.used.has(candidate)) {
          this.used.add(candidate);
          return this.code(candidate);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, (counter + 1) * 30_000 - now + 50));
    }
  }

  /** A six-digit code that no period in the server's window accepts. */
  wrong(): string {
    const counter = Math.floor(Date.now() / 30_000);
    const valid = new Set([counter - 2, counter - 1, counter, counter + 1, counter + 2].map((c) => this.code(c)));
    return ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => !valid.has(c))!;
  }

  private code(counter: number): string {
    return TOTP.generate({ secret: this.secret, timestamp: counter * 30_000, period: 30 });
  }
}

/** Polls `condition` (every 50 ms, at most `ms`): for browser events that arrive asynchronously. */
export async function eventually(condition: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Presses Tab until the element labelled `label` has focus (at most `limit` presses). */
export async function tabTo(page: Page, label: string, limit = 30): Promise<void> {
  const target = page.getByLabel(label, { exact: true });
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`"${label}" not reachable with Tab within ${limit} presses`);
}

/** The text of the first element with this data-testid, trimmed with whitespace collapsed. */
export async function testIdText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
