/**
 * Test helpers for browser sign-in: a cookie jar per browser, and walking the simulated providers'
 * login pages (oidc-provider's interactions for corporate OIDC and Google; the login forms of the
 * simulated Facebook and Login with Amazon) until they redirect back to rolegate.
 */
import assert from 'node:assert/strict';

export class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  hasConsoleSession(): boolean {
    return [...this.cookies.keys()].some((k) => k.includes('rg_console'));
  }
}

export async function go(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
  jar.take(response);
  return response;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const isCallback = (url: URL) => url.pathname.startsWith('/oidc/callback/');

/** oidc-provider (corporate IdP, Google): login and consent, or Cancel; returns the redirect back to rolegate. */
export async function signInAtOpenIdProvider(authorizeUrl: string, login: string, decision: 'allow' | 'cancel' = 'allow'): Promise<URL> {
  const op = new Jar();
  let response = await go(op, authorizeUrl);
  for (let step = 0; step < 8; step++) {
    assert.equal(response.status, 303, await response.text());
    const location = new URL(response.headers.get('location')!, authorizeUrl);
    if (isCallback(location)) return location;
    if (location.pathname.includes('/interaction/')) {
      const page = await go(op, location.href);
      const html = await page.text();
      if (decision === 'cancel') {
        const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
        assert.ok(abort, 'the login page links to Cancel');
        response = await go(op, new URL(abort, location).href);
        continue;
      }
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? (html.includes('name="login"') ? 'login' : 'consent');
      const body = prompt === 'login' ? new URLSearchParams({ prompt, login, password: 'any' }) : new URLSearchParams({ prompt });
      const action = /action="([^"]+)"/.exec(html)?.[1] ?? location.pathname;
      response = await go(op, new URL(action, location).href, { method: 'POST', body, headers: FORM });
    } else {
      response = await go(op, location.href);
    }
  }
  throw new Error('the provider did not redirect back');
}

/** The simulated Facebook / Login with Amazon login form: pick a demo user, Continue or Cancel. */
export async function signInAtOAuthSimulator(authorizeUrl: string, login: string, decision: 'allow' | 'cancel' = 'allow'): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  assert.equal(page.status, 200, html);
  assert.match(html, new RegExp(`<option value="${login}">`), `${login} is a demo user of the form`);
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&#(\d+);/g, (_x, c: string) => String.fromCharCode(Number(c))));
  form.set('login', login);
  form.set('password', 'demo');
  form.set('decision', decision === 'allow' ? 'allow' : 'deny');
  const answer = await fetch(authorizeUrl, { method: 'POST', body: form, headers: FORM, redirect: 'manual' });
  assert.equal(answer.status, 303, await answer.text());
  const location = new URL(answer.headers.get('location')!);
  assert.ok(isCallback(location), location.href);
  return location;
}

export type ProviderKind = 'corp' | 'google' | 'facebook' | 'amazon';
export const DEMO_LOGIN: Readonly<Record<ProviderKind, string>> = { corp: 'dana', google: 'gina', facebook: 'fiona', amazon: 'amy' };
/** Demo users whose e-mail address maps to no role. */
export const OUTSIDER = 'oscar-outsider';

export function signInAt(kind: ProviderKind, authorizeUrl: string, login: string, decision: 'allow' | 'cancel' = 'allow'): Promise<URL> {
  return kind === 'facebook' || kind === 'amazon' ? signInAtOAuthSimulator(authorizeUrl, login, decision) : signInAtOpenIdProvider(authorizeUrl, login, decision);
}

/** `GET /oidc/login/<kind>` on one rolegate; returns the provider's authorization URL. */
export async function startLogin(browser: Jar, rolegateUrl: string, kind: ProviderKind, returnTo = '/console'): Promise<URL> {
  const start = await go(browser, `${rolegateUrl}/oidc/login/${kind}?returnTo=${encodeURIComponent(returnTo)}`);
  assert.equal(start.status, 303, await start.text());
  return new URL(start.headers.get('location')!);
}

/** The provider's redirect back, sent to (any) rolegate. */
export function callbackOn(rolegateUrl: string, back: URL): string {
  return `${rolegateUrl}${back.pathname}${back.search}`;
}
