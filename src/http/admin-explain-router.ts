/**
 * @module http/admin-explain-router — `POST /admin/explain` (JSON in, JSON out).
 *
 * Shell only: reads the raw body (bounded, hashed for SigV4) and hands it to the explain adapter
 * (`iam/admin-explain.ts`), which authenticates, authorises and explains.
 */
import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { HttpMetrics } from './metrics.js';

export interface AdminJsonRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly bodySha256Hex: string;
  readonly sourceIp: string | undefined;
  readonly secure: boolean;
  readonly requestId: string;
}

export interface AdminJsonResponse {
  readonly status: number;
  readonly body: unknown;
  readonly errorCode?: string;
  readonly errorDetail?: string;
}

export type AdminJsonAdapter = (request: AdminJsonRequest) => Promise<AdminJsonResponse>;

export function adminExplainRouter(deps: { explain: AdminJsonAdapter; metrics: HttpMetrics; bodyLimit?: string }): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: deps.bodyLimit ?? '64kb' });
  router.post('/admin/explain', rawBody, async (req: Request, res: Response) => {
    const started = process.hrtime.bigint();
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const url = req.originalUrl;
    const queryIndex = url.indexOf('?');
    const response = await deps.explain({
      method: req.method,
      path: queryIndex >= 0 ? url.slice(0, queryIndex) : url,
      rawQuery: queryIndex >= 0 ? url.slice(queryIndex + 1) : '',
      // Repeated headers stay separate: SigV4 joins them with ',' (sigv4/index.ts).
      headers: req.headersDistinct,
      body,
      bodySha256Hex: createHash('sha256').update(body).digest('hex'),
      sourceIp: req.ip,
      secure: req.secure,
      requestId: req.requestId,
    });
    res.locals['logFields'] = { action: 'explain', ...(response.errorCode ? { error: response.errorCode, detail: response.errorDetail } : {}) };
    deps.metrics.duration.observe({ surface: 'admin' }, Number(process.hrtime.bigint() - started) / 1e9);
    deps.metrics.requests.inc({ surface: 'admin', status: String(response.status) });
    res.status(response.status).set('Cache-Control', 'no-store').json(response.body);
  });
  return router;
}
