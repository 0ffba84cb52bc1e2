/**
 * @module console/sign-in-throttle — failed password sign-ins per source IP (security.md §4.8).
 *
 * At most 20 failures per source IP in 15 minutes; then every sign-in from that IP is refused with
 * 429 until the window ends. Counted per IP, never per user, so nobody can lock a user out.
 * The counter (`console:throttle:<sha256(ip)>`) expires with its window.
 */
import { sha256Hex } from '../core/index.js';
import { BridgeError } from '../errors.js';
import type { ConsoleDeps } from './session.js';

export const SIGN_IN_FAILURE_LIMIT = 20;
const WINDOW_MS = 15 * 60 * 1000;

const key = (ip: string, windowStart: number) => `console:throttle:${sha256Hex(ip)}:${windowStart}`;
const windowOf = (nowMs: number) => Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;

export async function checkSignInThrottle(deps: ConsoleDeps, ip: string | undefined): Promise<void> {
  if (!ip) return;
  const count = Number((await deps.store.get(key(ip, windowOf(deps.clock.now())))) ?? '0');
  if (count >= SIGN_IN_FAILURE_LIMIT) {
    throw new BridgeError('THROTTLED', { message: 'Too many failed sign-ins from your network. Try again in 15 minutes.', detail: `${count} failed sign-ins` });
  }
}

export async function countSignInFailure(deps: ConsoleDeps, ip: string | undefined): Promise<void> {
  if (!ip) return;
  const start = windowOf(deps.clock.now());
  await deps.store.incr(key(ip, start), start + WINDOW_MS);
}
