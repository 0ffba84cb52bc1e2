/**
 * @module compose-web-identity — composition of web identity federation: the OIDC/Google/Facebook/Amazon
 * token validator (src/oidc) and the AssumeRoleWithWebIdentity STS action.
 *
 * Part of the composition root. Providers marked `simulator` in config/ take their keys from the
 * development simulators (src/dev-oidc) — only when the simulators are enabled (never with
 * NODE_ENV=production, where such a provider uses its real discovery document).
 */
import type { Logger } from 'pino';
import { loadOidcProviders, type Settings } from './config/index.js';
import type { ConsoleDeps } from './console/index.js';
import type { Clock, StsServices } from './core/index.js';
import { oidcRouter, tokenExchangeRouter } from './http/index.js';
import { createOidcRp, createTokenExchange, createWebIdentityValidator, type BrowserLoginProvider, type OidcProviderSpec, type WebIdentityValidator } from './oidc/index.js';
import { assumeRoleWithWebIdentityAction, type StsAction } from './sts/index.js';

export interface WebIdentityComposition {
  readonly stsActions: readonly StsAction<unknown>[];
  /** `POST /oauth2/token` (RFC 8693 token exchange). */
  readonly routers: readonly ReturnType<typeof tokenExchangeRouter>[];
  readonly validator: WebIdentityValidator;
}

export function composeWebIdentity(settings: Settings, services: StsServices, clock: Clock, logger: Logger, consoleDeps: ConsoleDeps): WebIdentityComposition {
  const web = settings.webIdentity;
  const configured = loadOidcProviders(settings.configDir);
  const providers: OidcProviderSpec[] = configured.map((p) => ({
    arn: p.arn,
    account: p.account,
    url: p.url,
    hostPath: p.hostPath,
    clientIds: p.clientIds,
    ...(p.simulator && web.simulatorUrl ? { jwksUrl: `${web.simulatorUrl}/${p.simulator}/jwks` } : {}),
    ...(p.mappingRules.length > 0 || p.defaultRoleArn || Object.keys(p.sessionTags).length > 0
      ? { mapping: { rules: p.mappingRules, ambiguity: p.ambiguity, ...(p.defaultRoleArn ? { defaultRoleArn: p.defaultRoleArn } : {}), sessionTags: p.sessionTags } }
      : {}),
  }));
  if (web.simulatorUrl) {
    logger.warn({ simulators: web.simulatorUrl }, 'Web identity providers point at the DEVELOPMENT simulators (Google, corporate OIDC, Facebook, Amazon). Never use this outside development.');
  }
  const validator = createWebIdentityValidator({ providers, google: web.google, facebook: web.facebook, amazon: web.amazon, clock });
  const exchange = createTokenExchange({ services, check: validator.check });
  const routers: ReturnType<typeof tokenExchangeRouter>[] = [tokenExchangeRouter({ exchange, now: () => clock.now() })];
  // Browser sign-in (console) for providers configured with `browserLogin`.
  const browser: BrowserLoginProvider[] = configured.flatMap((p, i) => {
    if (!p.browserLogin) return [];
    const simulated = p.simulator !== undefined && web.simulatorUrl !== undefined;
    return [{
      name: p.browserLogin.name,
      spec: providers[i]!,
      discoveryUrl: simulated ? `${web.simulatorUrl}/${p.simulator}` : p.url,
      clientId: p.browserLogin.clientId,
      clientSecret: p.browserLogin.clientSecret,
      allowInsecure: simulated,
    }];
  });
  if (browser.length > 0) {
    const rp = createOidcRp({ providers: browser, store: consoleDeps.store, clock, random: consoleDeps.random, publicUrl: settings.publicUrl });
    routers.push(oidcRouter({ rp, console: consoleDeps, clock }));
  }
  return { stsActions: [assumeRoleWithWebIdentityAction(validator.check)], routers, validator };
}
