/**
 * @module compose-saml-metadata — periodic refresh of SAML providers configured by `metadataUrl`
 * (part of the composition root: it owns the timers and the HTTPS fetches).
 *
 * - When: the metadata's `cacheDuration` (default 1 h), never after half of the time left until
 *   its `validUntil`, always within [min, max] (settings; default 5 min – 24 h). The first refresh
 *   is one `min` after start-up (the start-up fetch is `withSamlMetadata`'s).
 * - Failure (network, HTTP status, unparsable, expired `validUntil`, a different entity id, no
 *   signing key): the last good metadata stays in use, logged; retried with exponential backoff
 *   from `min`, capped by `max`.
 * - Success: the provider's certificates and endpoints (those not pinned in the configuration)
 *   are replaced at once, so a new signing key is accepted and a removed one no longer is.
 */
import type { Logger } from 'pino';
import { applyIdpMetadata, parseIdpMetadata, type ConfiguredSamlProvider, type IdpMetadata } from './config/index.js';
import type { Clock } from './core/index.js';
import type { SamlProviderRegistry } from './saml/index.js';

export interface MetadataRefreshBounds {
  readonly minMs: number;
  readonly maxMs: number;
}

export interface MetadataRefreshDeps {
  readonly registry: SamlProviderRegistry;
  readonly fetchText: (url: string) => Promise<string>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bounds: MetadataRefreshBounds;
}

const DEFAULT_CACHE_DURATION_MS = 60 * 60 * 1000;

const clamp = (value: number, bounds: MetadataRefreshBounds) => Math.min(bounds.maxMs, Math.max(bounds.minMs, value));

/** Delay until the next refresh after a successful fetch. */
export function nextRefreshDelay(metadata: IdpMetadata, nowMs: number, bounds: MetadataRefreshBounds): number {
  let delay = metadata.cacheDurationMs ?? DEFAULT_CACHE_DURATION_MS;
  if (metadata.validUntilMs !== undefined) delay = Math.min(delay, (metadata.validUntilMs - nowMs) / 2);
  return clamp(delay, bounds);
}

/** Starts one refresh loop per provider with a metadata URL; returns the stop function. */
export function startSamlMetadataRefresh(deps: MetadataRefreshDeps): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const schedule = (arn: string, delayMs: number, failures: number) => {
    if (stopped) return;
    const timer = setTimeout(() => void refresh(arn, failures), delayMs);
    timer.unref();
    timers.set(arn, timer);
  };

  async function refresh(arn: string, failures: number): Promise<void> {
    const current = deps.registry.samlProvider(arn) as ConfiguredSamlProvider | undefined;
    const source = current?.metadataSource;
    if (!current || !source) return;
    try {
      const metadata = parseIdpMetadata(await deps.fetchText(source.url));
      const nowMs = deps.clock.now();
      if (metadata.validUntilMs !== undefined && metadata.validUntilMs <= nowMs) throw new Error('metadata validUntil has passed');
      if (source.pinned.entityId === undefined && metadata.entityId !== current.entityId) throw new Error(`entity id changed from ${current.entityId} to ${metadata.entityId}`);
      if (source.pinned.signingCerts === undefined && metadata.signingCerts.length === 0) throw new Error('metadata has no signing certificate');
      if (stopped) return;
      deps.registry.replace({ ...applyIdpMetadata(current, source.pinned, metadata), metadataSource: source } as ConfiguredSamlProvider);
      const delay = nextRefreshDelay(metadata, nowMs, deps.bounds);
      deps.logger.info({ provider: arn, certificates: metadata.signingCerts.length, nextRefreshSeconds: Math.round(delay / 1000) }, 'SAML metadata refreshed');
      schedule(arn, delay, 0);
    } catch (error) {
      const delay = clamp(deps.bounds.minMs * 2 ** failures, deps.bounds);
      deps.logger.error(
        { provider: arn, url: source.url, err: error instanceof Error ? error.message : String(error), retrySeconds: Math.round(delay / 1000) },
        'SAML metadata refresh failed; keeping the last good metadata',
      );
      schedule(arn, delay, failures + 1);
    }
  }

  for (const provider of deps.registry.samlProviders as readonly ConfiguredSamlProvider[]) {
    if (provider.metadataSource) schedule(provider.arn, deps.bounds.minMs, 0);
  }
  return () => {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
