/**
 * @module store/logger — the logging surface the stores need (a subset of pino's `Logger`).
 */

export interface StoreLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Used when the composition root passes no logger: store outages must never be silent. */
export const consoleStoreLogger: StoreLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

/** Error fields that are safe to log (no stack noise, no connection URL with credentials). */
export function describeError(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Unknown', message: String(err) };
}
