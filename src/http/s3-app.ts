/**
 * @module http/s3-app — `createS3App(deps)`: the Express app of the S3-compatible listener (`S3_PORT`).
 *
 * A separate listener from the main app, as a downstream service would be: request ids, security
 * headers and the S3 router; everything else (unknown paths included) is answered by the S3 adapter
 * in S3's XML error format.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { S3Adapter } from '../s3/index.js';
import type { HttpMetrics } from './metrics.js';
import { requestContext } from './request-context.js';
import { s3Router } from './s3-router.js';
import { securityHeaders } from './security-headers.js';

export interface S3AppDependencies {
  readonly logger: Logger;
  readonly metrics: HttpMetrics;
  readonly s3: S3Adapter;
  /** Largest accepted request body in bytes. */
  readonly maxBodyBytes: number;
  readonly trustProxy?: boolean;
}

export function createS3App(deps: S3AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestContext(deps.logger.child({ listener: 's3' })));
  app.use(securityHeaders);
  app.use(s3Router({ s3: deps.s3, metrics: deps.metrics, maxBodyBytes: deps.maxBodyBytes }));
  return app;
}
