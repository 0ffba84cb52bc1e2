/**
 * @module http/health-router — /healthz (liveness), /readyz (includes the store), /metrics.
 */
import { Router } from 'express';
import type { KeyValueStore } from '../core/index.js';
import type { HttpMetrics } from './metrics.js';

export function healthRouter(deps: { store: KeyValueStore; metrics: HttpMetrics }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    try {
      await deps.store.ping();
      res.json({ status: 'ready', store: deps.store.kind });
    } catch (error) {
      req.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'store not ready');
      res.status(503).json({ status: 'unavailable', store: deps.store.kind });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
