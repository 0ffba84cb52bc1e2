/**
 * @module sigv4/request-time — request timestamp parsing and the validity window.
 *
 * AWS rules (sts.md §11, security.md §4.7):
 * - `X-Amz-Date` is ISO-8601 basic format `YYYYMMDDTHHMMSSZ` (UTC); otherwise Coral answers
 *   IncompleteSignature "Date must be in ISO-8601 'basic format'. Got '…'. See http://en.wikipedia.org/wiki/ISO_8601".
 *   The `Date` header fallback may also carry an RFC 7231 IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`);
 *   the string to sign then uses its ISO basic form.
 * - Header form: the request time must be within ±maxSkew of the server clock (STS: 15 min [S55]):
 *   "Signature expired: <t> is now earlier than <now-skew> (<now> - 15 min.)" and
 *   "Signature not yet current: <t> is still later than <now+skew> (<now> + 15 min.)".
 *   The boundaries themselves are accepted; the clock is compared at whole seconds, as printed.
 * - Query form: `X-Amz-Expires` must be an integer 1..604800 (7 days); the URL is valid until
 *   `X-Amz-Date + X-Amz-Expires` (S3: "Request has expired"). A URL dated beyond now+skew is not yet
 *   current. Without `X-Amz-Expires` (Coral does not require it) the header-form window applies.
 */

import { expired, incomplete, MESSAGES } from './failures.js';

const ISO_BASIC = /^\d{8}T\d{6}Z$/;
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const MAX_PRESIGNED_EXPIRES_S = 604_800;

export interface RequestTime {
  readonly ms: number;
  /** ISO-8601 basic form used in the string to sign and in messages. */
  readonly iso: string;
}

/** UTC epoch ms for calendar fields, or NaN when they do not name a real instant (e.g. Feb 30). */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= days && h < 24 && mi < 60 && s < 60;
  return valid ? Date.UTC(y, mo - 1, d, h, mi, s) : Number.NaN;
}

export function formatIsoBasic(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Parses the request timestamp; `allowHttpDate` enables the IMF-fixdate form (Date header only). */
export function parseRequestTime(raw: string, allowHttpDate: boolean): RequestTime {
  let ms = Number.NaN;
  if (ISO_BASIC.test(raw)) {
    ms = utc(
      Number(raw.slice(0, 4)), Number(raw.slice(4, 6)), Number(raw.slice(6, 8)),
      Number(raw.slice(9, 11)), Number(raw.slice(11, 13)), Number(raw.slice(13, 15)),
    );
    // Already in the form the string to sign needs.
    if (!Number.isNaN(ms)) return { ms, iso: raw };
  } else if (allowHttpDate) {
    const imf = IMF_FIXDATE.exec(raw);
    if (imf !== null) {
      const [, d = '', mon = '', y = '', h = '', mi = '', s = ''] = imf;
      ms = utc(Number(y), MONTHS.indexOf(mon) + 1, Number(d), Number(h), Number(mi), Number(s));
    }
  }
  if (Number.isNaN(ms)) throw incomplete(MESSAGES.badDate(raw));
  return { ms, iso: formatIsoBasic(ms) };
}

function minutesText(maxSkewMs: number): string {
  return String(maxSkewMs / 60_000);
}

/** Not-yet-current check shared by both forms. */
function checkNotInFuture(t: RequestTime, nowS: number, maxSkewMs: number): void {
  const latest = nowS + maxSkewMs;
  if (t.ms > latest) {
    throw expired(MESSAGES.signatureNotYetCurrent(t.iso, formatIsoBasic(latest), formatIsoBasic(nowS), minutesText(maxSkewMs)));
  }
}

/** Header form: ±maxSkew around the server clock. */
export function checkSkew(t: RequestTime, nowMs: number, maxSkewMs: number): void {
  const nowS = Math.floor(nowMs / 1000) * 1000;
  const earliest = nowS - maxSkewMs;
  if (t.ms < earliest) {
    throw expired(MESSAGES.signatureExpired(t.iso, formatIsoBasic(earliest), formatIsoBasic(nowS), minutesText(maxSkewMs)));
  }
  checkNotInFuture(t, nowS, maxSkewMs);
}

/** Validates `X-Amz-Expires` (1..604800 seconds); `undefined` when absent. */
export function parseExpires(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (/^-\d+$/.test(raw)) throw incomplete(MESSAGES.expiresTooSmall);
  if (!/^\d+$/.test(raw)) throw incomplete(MESSAGES.expiresNotNumber);
  const seconds = Number(raw);
  if (seconds > MAX_PRESIGNED_EXPIRES_S) throw incomplete(MESSAGES.expiresTooLarge);
  if (seconds < 1) throw incomplete(MESSAGES.expiresZero);
  return seconds;
}

/** Query form: valid from (date - skew) until date + X-Amz-Expires. */
export function checkPresignedWindow(
  t: RequestTime,
  expiresS: number | undefined,
  nowMs: number,
  maxSkewMs: number,
  ignoreExpires: boolean,
): void {
  if (expiresS === undefined || ignoreExpires) {
    checkSkew(t, nowMs, maxSkewMs);
    return;
  }
  const nowS = Math.floor(nowMs / 1000) * 1000;
  checkNotInFuture(t, nowS, maxSkewMs);
  const expiresAt = t.ms + expiresS * 1000;
  if (nowS > expiresAt) {
    throw expired(MESSAGES.requestExpired, `presigned URL expired at ${formatIsoBasic(expiresAt)}; server time ${formatIsoBasic(nowS)}`);
  }
}
