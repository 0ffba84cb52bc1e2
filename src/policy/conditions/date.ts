/**
 * @module policy/conditions/date — Date condition operators.
 *
 * IAM User Guide, "Condition operators › Date": DateEquals, DateNotEquals, DateLessThan,
 * DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals. Values are "W3C implementations
 * of the ISO 8601 date formats" or epoch (UNIX) time; no wildcards, no policy variables.
 * Compared with millisecond precision.
 */
import { comparableOperators } from './numeric.js';
import type { OperatorSpec } from './spec.js';

// W3C profile of ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s]]TZD.
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?)?)?$/;
// Only-digit values are epoch seconds (aws:EpochTime), so a bare `YYYY` reads as epoch seconds:
// AWS does not say how it resolves that ambiguity, and epoch values are the common case.
const EPOCH = /^-?\d+(?:\.\d+)?$/;

function num(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : Number(text);
}

// One-entry memo: a request usually compares the same aws:CurrentTime against several clauses.
let memoText: string | undefined;
let memoValue: number | undefined;

/** Epoch milliseconds of an ISO-8601 or epoch-seconds value, or undefined. */
export function parseDate(text: string): number | undefined {
  if (text === memoText) return memoValue;
  const value = readDate(text);
  memoText = text;
  memoValue = value;
  return value;
}

function readDate(text: string): number | undefined {
  const t = text.trim();
  if (EPOCH.test(t)) return Math.round(Number(t) * 1000);
  const m = ISO.exec(t);
  if (m === null) return undefined;
  const year = num(m[1], 0);
  const month = num(m[2], 1);
  const day = num(m[3], 1);
  const hour = num(m[4], 0);
  const minute = num(m[5], 0);
  const second = num(m[6], 0);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Reject impossible days such as 2023-02-30 (Date.UTC would roll them over).
  if (new Date(base).getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (zone === undefined || zone === 'Z' || zone === 'z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  return base - sign * offset;
}

export const DATE_OPERATORS: readonly OperatorSpec[] = comparableOperators('Date', 'date', parseDate, {
  Equals: 'a date equal to',
  LessThan: 'a date before',
  LessThanEquals: 'a date at or before',
  GreaterThan: 'a date after',
  GreaterThanEquals: 'a date at or after',
});
