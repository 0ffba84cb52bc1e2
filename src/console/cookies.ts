/**
 * @module console/cookies — cookie names and flags for browser state (security.md §6).
 *
 * Over HTTPS: `__Host-` prefix, `Secure`, `HttpOnly`, `Path=/`, no `Domain`. Over plain HTTP (local
 * development only) the prefix and `Secure` are dropped because browsers would refuse them.
 */
import { parseCookie, stringifySetCookie } from 'cookie';

export type CookieSite = 'lax' | 'none';

export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

export function setCookie(base: string, value: string, options: { secure: boolean; maxAgeSeconds: number; sameSite?: CookieSite }): string {
  const sameSite = options.sameSite === 'none' && options.secure ? 'none' : 'lax';
  return stringifySetCookie({
    name: cookieName(base, options.secure),
    value,
    path: '/',
    httpOnly: true,
    secure: options.secure,
    sameSite,
    maxAge: Math.max(0, Math.floor(options.maxAgeSeconds)),
  });
}

export function clearCookie(base: string, secure: boolean): string {
  return setCookie(base, '', { secure, maxAgeSeconds: 0 });
}

export function readCookie(header: string | undefined, base: string, secure: boolean): string | undefined {
  if (!header) return undefined;
  const value = parseCookie(header)[cookieName(base, secure)];
  return value && /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
}
