/**
 * @module app — `createApp(deps)` builds the Express app from explicit dependencies.
 *
 * No I/O, no environment: the composition root (`main.ts`) and tests pass everything in.
 */
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { KeyValueStore } from './core/index.js';
import { errorHandler, healthRouter, leanPath, mountFirst, notFound, queryEndpoint, queryRouter, requestContext, securityHeaders, type HttpMetrics, type QueryAdapter, type VerifyEndpoint } from './http/index.js';
import { adminExplainRouter, type AdminJsonAdapter } from './http/index.js';

export interface AppDependencies {
  readonly logger: Logger;
  readonly store: KeyValueStore;
  readonly metrics: HttpMetrics;
  readonly sts: QueryAdapter;
  readonly iam?: QueryAdapter;
  /** `POST /admin/explain` (iam/admin-explain.ts). */
  readonly explain?: AdminJsonAdapter;
  /** Express `trust proxy` setting; only true behind a known reverse proxy. */
  readonly trustProxy?: boolean;
  /** `POST /verify` (http/downstream-router.ts), served on the lean path; its Express route is among `routers`. */
  readonly verify?: VerifyEndpoint;
  /** Further surfaces (downstream verification, admin API, federation, console), mounted before the Query API. */
  readonly routers?: readonly Router[];
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestContext(deps.logger));
  app.use(securityHeaders);
  app.use(healthRouter({ store: deps.store, metrics: deps.metrics }));
  for (const router of deps.routers ?? []) app.use(router);
  if (deps.explain) app.use(adminExplainRouter({ explain: deps.explain, metrics: deps.metrics }));
  const query = queryEndpoint({ sts: deps.sts, ...(deps.iam ? { iam: deps.iam } : {}), metrics: deps.metrics });
  app.use(queryRouter(query));
  app.use(notFound);
  app.use(errorHandler);
  // The hot endpoints answer before Express (http/lean-path.ts); everything else goes through the stack above.
  mountFirst(app, leanPath({ logger: deps.logger, query, ...(deps.verify ? { verify: deps.verify } : {}), trustProxy: deps.trustProxy ?? false }));
  return app;
}
