/**
 * @module http/s3-router — the S3 listener's one route: every method and path goes to the S3 adapter.
 *
 * Reads the raw body itself (no body parser: `Content-Encoding: aws-chunked` is not an encoding
 * body-parser knows, and S3 bodies are opaque bytes), bounded by `maxBodyBytes` — a larger
 * `Content-Length` is refused before reading and a longer stream is cut off, both as S3's
 * EntityTooLarge. Adds `x-amz-request-id` / `x-amz-id-2` (S3's request id headers, which the SDKs
 * read). Only the path is logged (requestContext), never the query: presigned URLs carry
 * signatures and session tokens there.
 */
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { BridgeError } from '../errors.js';
import type { S3Adapter, S3HttpResponse } from '../s3/index.js';
import type { HttpMetrics } from './metrics.js';

export interface S3RouterDeps {
  readonly s3: S3Adapter;
  readonly metrics: HttpMetrics;
  /** Largest accepted request body in bytes (the object limit plus aws-chunked framing). */
  readonly maxBodyBytes: number;
}

class BodyTooLarge extends Error {
  constructor(readonly size: number) {
    super('body too large');
  }
}

function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge(declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        req.pause();
        reject(new BodyTooLarge(size));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

function send(res: Response, response: S3HttpResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.body === undefined || response.body === '') {
    if (response.headers['content-length'] === undefined) res.setHeader('content-length', '0');
    res.end();
  } else {
    res.end(response.body);
  }
}

export function s3Router(deps: S3RouterDeps): Router {
  const router = Router();
  router.use(async (req: Request, res: Response) => {
    const started = process.hrtime.bigint();
    const url = req.originalUrl;
    const queryIndex = url.indexOf('?');
    const hostId = randomBytes(24).toString('base64');
    res.setHeader('x-amz-request-id', req.requestId);
    res.setHeader('x-amz-id-2', hostId);
    const base = {
      method: req.method,
      path: queryIndex >= 0 ? url.slice(0, queryIndex) : url,
      rawQuery: queryIndex >= 0 ? url.slice(queryIndex + 1) : '',
      headers: req.headersDistinct,
      requestId: req.requestId,
      hostId,
    };
    let response: S3HttpResponse;
    try {
      const body = await readBody(req, deps.maxBodyBytes);
      response = await deps.s3.handle({ ...base, body, secure: req.secure, ...(req.ip ? { sourceIp: req.ip } : {}) });
    } catch (thrown) {
      const error =
        thrown instanceof BodyTooLarge
          ? new BridgeError('REQUEST_TOO_LARGE', { detail: `request body of ${thrown.size}+ bytes`, extra: { proposedSize: thrown.size, maxSizeAllowed: deps.maxBodyBytes } })
          : thrown;
      response = deps.s3.error(error, base);
      // The rest of an oversized body is not read: do not reuse the connection.
      if (thrown instanceof BodyTooLarge) res.setHeader('connection', 'close');
    }
    res.locals['logFields'] = { surface: 's3', ...(response.operation ? { operation: response.operation } : {}), ...(response.errorCode ? { error: response.errorCode, detail: response.errorDetail } : {}) };
    deps.metrics.duration.observe({ surface: 's3' }, Number(process.hrtime.bigint() - started) / 1e9);
    deps.metrics.requests.inc({ surface: 's3', status: String(response.status) });
    send(res, response);
  });
  return router;
}
