/**
 * @module http/request-context — a request id on every request, response and log line.
 *
 * One JSON line per request (`msg: "request"`, with `reqId`), written when the response is
 * finished. The line is written with the base logger and the id as a field: creating a pino child
 * per request cost more than the line itself. `req.log` (a child carrying `reqId`) is still there
 * for handlers that log more, created only when one does.
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

export function logRequestOnFinish(logger: Logger, res: ServerResponse, line: RequestLine): void {
  if (!logger.isLevelEnabled('info')) return;
  const started = performance.now();
  res.once('finish', () => {
    const ms = Math.round((performance.now() - started) * 10) / 10;
    logger.info({ reqId: line.reqId, method: line.method, path: line.path(), status: res.statusCode, ms, ...line.fields() }, 'request');
  });
}

export function requestContext(logger: Logger) {
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
    logRequestOnFinish(logger, res, { reqId: requestId, method: req.method, path: () => req.path, fields: () => res.locals['logFields'] as LogFields | undefined });
    next();
  };
}
