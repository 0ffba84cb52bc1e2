/**
 * @module store/validate — argument checks shared by every store.
 *
 * A bad argument is a bug in our own code, so it is a plain `TypeError` (see `errors.ts`), raised
 * before any I/O so it is never mistaken for `STORE_UNAVAILABLE`. Both stores run the same checks,
 * so a call that works against memory in tests cannot be rejected by Redis in production.
 */

/** `PXAT` takes a positive integer; a float or NaN would be a Redis syntax error at run time. */
export function assertEpochMs(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer of epoch milliseconds, got ${String(value)}`);
  }
}

export function assertPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/** `XADD` needs at least one field/value pair, and values must be strings to round-trip unchanged. */
export function assertStreamFields(fields: Readonly<Record<string, string>>): void {
  const entries = Object.entries(fields);
  if (entries.length === 0) throw new TypeError('stream entry needs at least one field');
  for (const [field, value] of entries) {
    if (typeof value !== 'string') throw new TypeError(`stream field ${field} must be a string`);
  }
}
