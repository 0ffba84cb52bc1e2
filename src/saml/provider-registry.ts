/**
 * @module saml/provider-registry — the SAML providers as the SP sees them now.
 *
 * The directory is a start-up snapshot; providers configured by metadata URL change at run time
 * (metadata refresh, key rollover). The registry holds the current version of each provider and
 * `withLiveSamlProviders` gives the SP a directory whose SAML lookups read it.
 */
import type { Directory, SamlProvider } from '../core/index.js';

export type SamlProviderLookup = Pick<Directory, 'samlProviders' | 'samlProvider'>;

export interface SamlProviderRegistry extends SamlProviderLookup {
  /** Replaces one provider (same ARN) with its refreshed version. */
  replace(provider: SamlProvider): void;
}

export function createSamlProviderRegistry(initial: readonly SamlProvider[]): SamlProviderRegistry {
  let providers: readonly SamlProvider[] = [...initial];
  let byArn = new Map(providers.map((p) => [p.arn, p]));
  return {
    get samlProviders() {
      return providers;
    },
    samlProvider: (arn) => byArn.get(arn),
    replace(provider) {
      if (!byArn.has(provider.arn)) throw new Error(`unknown SAML provider ${provider.arn}`);
      providers = providers.map((p) => (p.arn === provider.arn ? provider : p));
      byArn = new Map(providers.map((p) => [p.arn, p]));
    },
  };
}

/** The directory with its SAML provider lookups answered by the registry. */
export function withLiveSamlProviders<D extends SamlProviderLookup>(directory: D, registry: SamlProviderLookup): D {
  return Object.defineProperties({ ...directory }, {
    samlProviders: { get: () => registry.samlProviders, enumerable: true },
    samlProvider: { value: (arn: string) => registry.samlProvider(arn), enumerable: true },
  });
}
