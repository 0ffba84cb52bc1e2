/**
 * @module http/request-context — a request id on every request, response and log line.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    log: Logger;
  }
}

export function requestContext(logger: Logger) {
  return function assignRequestId(req: Request, res: Response, next: NextFunction): void {
    const requestId = randomUUID();
    req.requestId = requestId;
    req.log = logger.child({ reqId: requestId });
    // AWS SDKs read the request id only from this header (stack.md §3.5).
    res.setHeader('x-amzn-RequestId', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Only the path: query strings may carry presigned signatures and session tokens.
      req.log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ...(res.locals['logFields'] ?? {}) }, 'request');
    });
    next();
  };
}
