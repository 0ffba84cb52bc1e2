/**
 * @module http/browser-pages — shared helpers of the browser-facing routers (SAML, IdP, console).
 */
import type { Request, Response } from 'express';
import { PAGE_HEADERS, renderErrorPage, type HeaderView } from '../console/index.js';
import { toBridgeError } from '../errors.js';

export function sendPage(res: Response, status: number, html: string, headers: Readonly<Record<string, string>> = PAGE_HEADERS, cookies: readonly string[] = []): void {
  res.status(status).set(headers);
  if (cookies.length > 0) res.append('Set-Cookie', [...cookies]);
  res.send(html);
}

/** Logs the detail, renders only the public message (never a secret or the assertion). */
export function sendErrorPage(req: Request, res: Response, thrown: unknown, cookies: readonly string[] = [], hdr?: HeaderView): void {
  const error = toBridgeError(thrown);
  const log = req.log;
  if (error.status >= 500) log.error({ code: error.code, detail: error.detail }, 'browser request failed');
  else log.warn({ code: error.code, detail: error.detail }, 'browser request rejected');
  res.locals['logFields'] = { error: error.code };
  const page = renderErrorPage(error, req.requestId, hdr);
  sendPage(res, page.status, page.html, PAGE_HEADERS, cookies);
}

/** The query string exactly as sent (redirect-binding signatures cover these bytes). */
export const rawQueryOf = (req: Request): string => (req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');

/**
 * Same-origin check for form posts (security.md §6): Sec-Fetch-Site when the browser sends it, and
 * Origin. Pages are served with `Referrer-Policy: same-origin` so browsers send the real Origin; an
 * opaque `Origin: null` is accepted only when the browser itself says the request is same-origin
 * (a sandboxed or data: document posting cross-site gets `Sec-Fetch-Site: cross-site`).
 */
export function isSameOrigin(req: Request, publicOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === 'null') return site === 'same-origin';
  return origin === undefined || origin === publicOrigin;
}

/** A post-login path on our own origin, else `/console` (security.md §6, open redirects). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512) return '/console';
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return '/console';
  }
  if (!/^\/(?![/\\])/.test(value) || !/^\/(?![/\\])/.test(decoded) || /[\u0000-\u001f\\]/.test(decoded) || /\/\//.test(decoded)) return '/console';
  return value;
}

export function formString(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
