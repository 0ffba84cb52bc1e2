/**
 * SAML test helpers: a real rolegate on a known port (so PUBLIC_URL is exact), a tiny browser
 * with a cookie jar, and response builders signed with the built-in IdP's development key.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { composeRolegate, LOG_REDACTIONS, type Rolegate } from '../../src/compose.js';
import { loadSettings } from '../../src/config/index.js';
import type { KeyValueStore } from '../../src/core/index.js';
import { buildSignedResponse, type ResponseSpec } from '../../src/idp/saml/index.js';
import { createMemoryStore, createRedisStore } from '../../src/store/index.js';
import { CountingStore } from '../helpers/counting-store.js';
import { freePort } from '../helpers/processes.js';
import { AdjustableClock, REDIS_URL } from '../helpers/rolegate-server.js';

export const CORP_IDP = 'urn:rolegate:idp:corporate-directory';
export const DEV_PROVIDER = 'arn:aws:iam::111111111111:saml-provider/CorpDirectory';
export const PROD_PROVIDER = 'arn:aws:iam::222222222222:saml-provider/CorpDirectory';
export const SSO_DEVELOPER = 'arn:aws:iam::111111111111:role/SSODeveloper';
export const SSO_READ_ONLY = 'arn:aws:iam::222222222222:role/SSOReadOnly';
export const SP_ENTITY = 'urn:amazon:webservices';
export const ROLE_ATTR = 'https://aws.amazon.com/SAML/Attributes/Role';
export const SESSION_NAME_ATTR = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
export const AWS_ATTR = 'https://aws.amazon.com/SAML/Attributes/';

export const IDP_KEY = readFileSync('certs/dev-idp-signing.key', 'utf8');
export const IDP_CERT = readFileSync('certs/dev-idp-signing.crt', 'utf8');
export const EVIL_KEY = readFileSync('test/saml/fixtures/evil-idp.key', 'utf8');
export const SAMLIFY_KEY = readFileSync('test/saml/fixtures/samlify-idp.key', 'utf8');
export const SAMLIFY_CERT = readFileSync('test/saml/fixtures/samlify-idp.crt', 'utf8');
export const SP_ENCRYPTION_CERT = readFileSync('certs/sp-encryption.crt', 'utf8');

export interface SamlServer {
  readonly url: string;
  readonly acsUrl: string;
  readonly rolegate: Rolegate;
  readonly store: CountingStore;
  readonly clock: AdjustableClock;
  readonly logLines: string[];
  close(): Promise<void>;
}

/** A config dir copy with extra accounts edits (for providers that only tests need). */
export function configWith(edit: (accounts: Record<string, Record<string, unknown>>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolegate-saml-config-'));
  cpSync('config', dir, { recursive: true });
  const accounts: Record<string, Record<string, unknown>> = {};
  for (const name of ['development', 'production']) accounts[name] = JSON.parse(readFileSync(join(dir, 'accounts', `${name}.json`), 'utf8'));
  edit(accounts);
  for (const [name, data] of Object.entries(accounts)) writeFileSync(join(dir, 'accounts', `${name}.json`), JSON.stringify(data, null, 2));
  // Relative certificate paths in the shipped config point at ../certs.
  cpSync('certs', join(dir, '..', 'certs'), { recursive: true });
  return dir;
}

export async function startSamlServer(options: { storeKind?: 'memory' | 'redis'; redisPrefix?: string; configDir?: string; env?: Record<string, string> } = {}): Promise<SamlServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clock = new AdjustableClock();
  const settings = loadSettings({ ROLEGATE_CONFIG: options.configDir ?? 'config', PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: 'info', ...options.env });
  const logLines: string[] = [];
  const logger = pino({ level: 'info', redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } }, { write: (line: string) => void logLines.push(line) });
  const inner: KeyValueStore =
    options.storeKind === 'redis' ? await createRedisStore({ url: REDIS_URL, prefix: options.redisPrefix ?? `rgtest:${randomBytes(6).toString('hex')}:` }) : createMemoryStore({ clock });
  const store = new CountingStore(inner);
  const rolegate = await composeRolegate(settings, { clock, logger, store });
  const server: Server = await new Promise((resolve) => {
    const s = rolegate.app.listen(port, '127.0.0.1', () => resolve(s));
  });
  // Tests run samlify's WASM schema validator in this process; its first use blocks the event loop
  // for seconds under load, which must not let the server drop pooled keep-alive sockets.
  server.keepAliveTimeout = 60_000;
  return {
    url,
    acsUrl: `${url}/saml`,
    rolegate,
    store,
    clock,
    logLines,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rolegate.close();
    },
  };
}

/** A minimal browser: cookie jar, manual redirects, form extraction. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: string; url: string }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, redirect: 'manual' });
    } catch (error) {
      // A pooled socket closed while idle: a GET is safe to send again once.
      if ((init.method ?? 'GET') !== 'GET') throw error;
      response = await fetch(url, { ...init, headers, redirect: 'manual' });
    }
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, body: await response.text(), url };
  }

  async get(url: string) {
    return this.fetch(url);
  }

  async post(url: string, fields: Record<string, string>) {
    return this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  /** Follows redirects (GET) until a non-redirect answer. */
  async follow(response: { status: number; headers: Headers; url: string; body: string }) {
    let current = response;
    for (let i = 0; i < 10 && current.status >= 300 && current.status < 400; i++) {
      current = await this.get(new URL(current.headers.get('location')!, current.url).toString());
    }
    return current;
  }
}

export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = decodeEntities(m[2]!);
  return fields;
}

export function formAction(html: string): string | undefined {
  const m = /<form method="post" action="([^"]+)"/.exec(html);
  return m ? decodeEntities(m[1]!) : undefined;
}

export function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function errorCode(html: string): string | undefined {
  return /<code id="error-code">([A-Z_]+)<\/code>/.exec(html)?.[1];
}

type Answer = Awaited<ReturnType<Browser['fetch']>>;

/** The role pre-checked on a picker page (the one offered role of a "Continue as …?" page). */
/**
 * The IdP LogoutRequest URL a signed-out page continues to (meta refresh and link; a 303 would be
 * blocked by the page's CSP form-action for an IdP on another origin). Asserts the page is one.
 */
export function idpLogoutUrl(page: { status: number; body: string }): string {
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /You are signed out/);
  const link = /<a data-testid="idp-logout" href="([^"]+)"/.exec(page.body);
  assert.ok(link, 'the signed-out page links to the IdP');
  const url = decodeEntities(link[1]!);
  assert.ok(page.body.includes(`<meta http-equiv="refresh" content="0; url=${link[1]}">`), 'and refreshes to it');
  return url;
}

export function checkedRole(html: string): string | undefined {
  const m = /<input type="radio" name="roleArn" value="([^"]+)" required checked>/.exec(html);
  return m ? decodeEntities(m[1]!) : undefined;
}

/**
 * An unsolicited (IdP-initiated) login stops at the "Continue as …?" page (login CSRF, security.md
 * §1.5): asserts that `page` is that page and started no console session, then submits its form as
 * the user would (the pre-checked role, or `roleArn`). Returns the 303 into the console.
 */
export async function confirmUnsolicited(browser: Browser, page: Answer, roleArn?: string): Promise<Answer> {
  assert.equal(page.status, 200, page.body.slice(0, 400));
  assert.match(page.body, /<h1>Continue as [^<]+\?<\/h1>/);
  const cookies = page.headers.getSetCookie();
  assert.ok(!cookies.some((c) => /^(__Host-)?rg_console=/.test(c)), `no console cookie before Continue: ${cookies.join(' | ')}`);
  assert.ok(cookies.some((c) => /^(__Host-)?rg_pick=[^;]+/.test(c)), 'the picker state cookie is set');
  const role = roleArn ?? checkedRole(page.body);
  assert.ok(role, 'a role is chosen (pre-checked when only one is offered)');
  const action = formAction(page.body);
  assert.equal(action, '/console/pick');
  const picked = await browser.post(new URL(action, page.url).toString(), { ...formFields(page.body), roleArn: role });
  assert.equal(picked.status, 303, picked.body.slice(0, 400));
  return picked;
}

/** Posts an unsolicited response to the ACS: an error page is returned as is, an acceptance is confirmed (above). */
export async function postUnsolicited(browser: Browser, acsUrl: string, fields: Record<string, string>): Promise<Answer> {
  const acs = await browser.post(acsUrl, fields);
  return acs.status >= 400 ? acs : confirmUnsolicited(browser, acs);
}

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/** A valid response of the built-in IdP for `user`, for the server's ACS (overridable). */
export function corpResponse(server: { acsUrl: string; clock: { now(): number } }, overrides: Partial<ResponseSpec> = {}): string {
  return buildSignedResponse({
    issuer: CORP_IDP,
    audience: SP_ENTITY,
    acsUrl: server.acsUrl,
    nameId: 'dana',
    sessionIndex: `_s${randomBytes(8).toString('hex')}`,
    attributes: {
      [ROLE_ATTR]: [`${SSO_DEVELOPER},${DEV_PROVIDER}`],
      [SESSION_NAME_ATTR]: ['dana'],
    },
    nowMs: server.clock.now(),
    privateKey: IDP_KEY,
    ...overrides,
  });
}
