/**
 * @module core/mfa — TOTP checks for MFA devices (RFC 6238: SHA-1, 6 digits, 30 s period).
 *
 * A code is accepted within ±1 period and only once per device and period: the use is recorded
 * atomically (`SET NX`) so a replayed code fails on every gateway instance.
 */
import { Secret, TOTP } from 'otpauth';
import { sha256Hex } from './credential-codec.js';
import type { Clock, KeyValueStore } from './ports.js';

const PERIOD_MS = 30_000;

export interface MfaVerifier {
  /** True when `code` is a fresh valid TOTP for `seed`; consumes it. */
  verify(serial: string, seed: string, code: string): Promise<boolean>;
}

export function createMfaVerifier(store: KeyValueStore, clock: Clock): MfaVerifier {
  return {
    async verify(serial, seed, code) {
      if (!/^\d{6}$/.test(code)) return false;
      const timestamp = clock.now();
      const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(seed), timestamp, period: 30, window: 1 });
      if (delta === null) return false;
      const counter = Math.floor(timestamp / PERIOD_MS) + delta;
      // Keep the marker until the code can no longer validate (its period plus the window).
      const expiresAtMs = (counter + 3) * PERIOD_MS;
      return store.set(`mfa:${sha256Hex(serial)}:${counter}`, '1', { expiresAtMs, onlyIfAbsent: true });
    },
  };
}

/** For tests and the demo README: the current code of a seed. */
export function currentTotp(seed: string, timestamp: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(seed), timestamp, period: 30 });
}
