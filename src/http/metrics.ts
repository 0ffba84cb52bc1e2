/**
 * @module http/metrics — Prometheus metrics (prom-client) for the HTTP shell.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'surface' | 'status'>;
  readonly duration: Histogram<'surface'>;
  readonly queryActions: Counter<'action' | 'result'>;
}

export function createHttpMetrics(options: { defaultMetrics?: boolean } = {}): HttpMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'rolegate_' });
  return {
    registry,
    requests: new Counter({ name: 'rolegate_http_requests_total', help: 'HTTP requests by surface and status', labelNames: ['surface', 'status'], registers: [registry] }),
    duration: new Histogram({
      name: 'rolegate_http_request_duration_seconds',
      help: 'HTTP request duration by surface',
      labelNames: ['surface'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    queryActions: new Counter({
      name: 'rolegate_query_actions_total',
      help: 'STS/IAM Query API actions by action and result code',
      labelNames: ['action', 'result'],
      registers: [registry],
    }),
  };
}
