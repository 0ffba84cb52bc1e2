/**
 * @module http/imds-router — the listener of the instance-metadata and container-credentials
 * endpoints (`IMDS_PORT`, default 8082, loopback only by default).
 *
 * A thin shell: every request (any method, any path) becomes a `VendingRequest` for the vending
 * adapter's handler, whose response is written back as is. Never trusts proxy headers: the
 * adapter refuses proxied requests outright.
 */
import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { HttpMetrics } from './metrics.js';
import { requestContext } from './request-context.js';

export interface VendingWireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly sourceIp?: string;
  readonly requestId: string;
}

export interface VendingWireResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly errorCode?: string;
  readonly errorDetail?: string;
}

export type VendingWireHandler = (request: VendingWireRequest) => Promise<VendingWireResponse>;

export interface VendingAppDependencies {
  readonly logger: Logger;
  readonly metrics: HttpMetrics;
  readonly handler: VendingWireHandler;
}

export function createVendingApp(deps: VendingAppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(requestContext(deps.logger));
  app.use(async (req: Request, res: Response) => {
    const started = process.hrtime.bigint();
    const surface = req.path === '/v1/credentials' ? 'container' : 'imds';
    let response: VendingWireResponse;
    try {
      response = await deps.handler({
        method: req.method,
        path: req.path,
        headers: req.headers,
        ...(req.socket.remoteAddress ? { sourceIp: req.socket.remoteAddress } : {}),
        requestId: req.requestId,
      });
    } catch (error) {
      req.log.error({ err: error instanceof Error ? error.message : String(error) }, 'vending handler failed');
      response = { status: 500, contentType: 'text/plain; charset=utf-8', body: '500 - Internal Server Error\n' };
    }
    res.locals['logFields'] = { surface, ...(response.errorCode ? { error: response.errorCode, detail: response.errorDetail } : {}) };
    deps.metrics.duration.observe({ surface }, Number(process.hrtime.bigint() - started) / 1e9);
    deps.metrics.requests.inc({ surface, status: String(response.status) });
    res.status(response.status).set('Cache-Control', 'no-store').set('Server', 'rolegate-imds').type(response.contentType);
    for (const [name, value] of Object.entries(response.headers ?? {})) res.set(name, value);
    res.send(response.body);
  });
  return app;
}
