/**
 * @module compose-web-identity — composition of web identity federation: the OIDC/Google/Facebook/Amazon
 * token validator (src/oidc), the AssumeRoleWithWebIdentity STS action, the RFC 8693 token exchange and
 * browser sign-in into the console (compose-web-login.ts; `webIdentitySignInOptions(settings)` lists
 * the console's sign-in options for it).
 *
 * Part of the composition root. Providers marked `simulator` in config/ take their keys from the
 * development simulators (src/dev-oidc) — only when the simulators are enabled (never with
 * NODE_ENV=production, where such a provider uses its real discovery document).
 */
import type { Logger } from 'pino';
import { loadOidcProviders, loadWebLogins, type Settings } from './config/index.js';
import { browserLoginProviders, mappingSpecOf, signInOptionsOf, type SignInOption } from './compose-web-login.js';
import type { ConsoleDeps } from './console/index.js';
import type { Clock, StsServices } from './core/index.js';
import { oidcRouter, tokenExchangeRouter } from './http/index.js';
import { createOidcRp, createProfileReader, createTokenExchange, createWebIdentityValidator, type OidcProviderSpec, type WebIdentityValidator } from './oidc/index.js';
import { assumeRoleWithWebIdentityAction, type StsAction } from './sts/index.js';

export { webIdentitySignInOptions, type SignInOption } from './compose-web-login.js';

export interface WebIdentityComposition {
  readonly stsActions: readonly StsAction<unknown>[];
  /** `POST /oauth2/token` (RFC 8693 token exchange). */
  readonly routers: readonly ReturnType<typeof tokenExchangeRouter>[];
  readonly validator: WebIdentityValidator;
  /** Browser sign-in options for the console (also available before composition: webIdentitySignInOptions). */
  readonly signInOptions: readonly SignInOption[];
}

export function composeWebIdentity(settings: Settings, services: StsServices, clock: Clock, logger: Logger, consoleDeps: ConsoleDeps): WebIdentityComposition {
  const web = settings.webIdentity;
  const configured = loadOidcProviders(settings.configDir);
  const providers: OidcProviderSpec[] = configured.map((p) => {
    const mapping = mappingSpecOf(p);
    return {
      arn: p.arn,
      account: p.account,
      url: p.url,
      hostPath: p.hostPath,
      clientIds: p.clientIds,
      ...(p.simulator && web.simulatorUrl ? { jwksUrl: `${web.simulatorUrl}/${p.simulator}/jwks` } : {}),
      ...(mapping ? { mapping } : {}),
    };
  });
  if (web.simulatorUrl) {
    logger.warn({ simulators: web.simulatorUrl }, 'Web identity providers point at the DEVELOPMENT simulators (Google, corporate OIDC, Facebook, Amazon). Never use this outside development.');
  }
  const validator = createWebIdentityValidator({ providers, google: web.google, facebook: web.facebook, amazon: web.amazon, clock });
  const exchange = createTokenExchange({ services, check: validator.check });
  const routers: ReturnType<typeof tokenExchangeRouter>[] = [tokenExchangeRouter({ exchange, now: () => clock.now() })];
  // Browser sign-in (console): corporate OIDC providers with `browserLogin`, Google, Facebook, Amazon.
  const logins = loadWebLogins(settings.configDir);
  if (logins.facebook && !web.facebook.apps.has(logins.facebook.browserLogin.appId)) {
    logger.warn({ appId: logins.facebook.browserLogin.appId }, 'Facebook browser sign-in is off: its app has no secret in ROLEGATE_FACEBOOK_APPS.');
  }
  const browser = browserLoginProviders(settings, configured, logins);
  if (browser.length > 0) {
    const profile = createProfileReader({ facebook: web.facebook, amazon: web.amazon });
    const rp = createOidcRp({ providers: browser, store: consoleDeps.store, clock, random: consoleDeps.random, publicUrl: settings.publicUrl, check: validator.check, profile });
    routers.push(oidcRouter({ rp, console: consoleDeps }));
  }
  return { stsActions: [assumeRoleWithWebIdentityAction(validator.check)], routers, validator, signInOptions: signInOptionsOf(browser) };
}
