/**
 * @module http/request-context — a request id on every request, response and log line.
 *
 * One JSON line per request (`msg: "request"`, with `reqId`), written when the response is
 * finished. The line is written with the base logger and the id as a field: creating a pino child
 * per request cost more than the line itself. `req.log` (a child carrying `reqId`) is still there
 * for handlers that log more, created only when one does.
 *
 * Redaction (compose.ts `LOG_REDACTIONS`) matches keys of nested objects (`*.token`, `req.headers`)
 * and cost about four times the rest of the line. A request line whose fields are all strings,
 * numbers or booleans has no nested key for it to match, so such a line is written by a child
 * without redaction (same output); a line with any nested value still goes through redaction.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    log: Logger;
  }
}

export type LogFields = Readonly<Record<string, unknown>>;

export interface RequestLine {
  readonly reqId: string;
  readonly method: string | undefined;
  /** Only the path: query strings may carry presigned signatures and session tokens. */
  readonly path: () => string;
  /** Handler-specific fields (action, error code…), read when the response finishes. */
  readonly fields: () => LogFields | undefined;
}

export interface RequestLineLogger {
  readonly redacting: Logger;
  /** Same destination and bindings, no redaction: only for lines without nested values. */
  readonly flat: Logger;
}

export function requestLineLogger(logger: Logger): RequestLineLogger {
  return { redacting: logger, flat: logger.child({}, { redact: { paths: [] } }) };
}

function isFlat(fields: LogFields): boolean {
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'object' && value !== null) return false;
  }
  return true;
}

export function logRequestOnFinish(logger: RequestLineLogger, res: ServerResponse, line: RequestLine): void {
  if (!logger.redacting.isLevelEnabled('info')) return;
  const started = performance.now();
  res.once('finish', () => {
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const fields = line.fields() ?? {};
    const target = isFlat(fields) ? logger.flat : logger.redacting;
    target.info({ reqId: line.reqId, method: line.method, path: line.path(), status: res.statusCode, ms, ...fields }, 'request');
  });
}

export function requestContext(logger: Logger) {
  const lines = requestLineLogger(logger);
  return function assignRequestId(req: Request, res: Response, next: NextFunction): void {
    const requestId = randomUUID();
    req.requestId = requestId;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get() {
        const child = logger.child({ reqId: requestId });
        Object.defineProperty(req, 'log', { value: child, configurable: true, writable: true });
        return child;
      },
    });
    // AWS SDKs read the request id only from this header (stack.md §3.5).
    res.setHeader('x-amzn-RequestId', requestId);
    logRequestOnFinish(lines, res, { reqId: requestId, method: req.method, path: () => req.path, fields: () => res.locals['logFields'] as LogFields | undefined });
    next();
  };
}
