/**
 * @module compose-web-login — composition of browser sign-in into the console with web identity
 * providers: corporate OpenID Connect providers (`browserLogin` in config/accounts/*.json), Google
 * (OpenID Connect) and Facebook / Login with Amazon (OAuth 2.0) from config/web-identity.json, and
 * the console's sign-in options for them.
 *
 * Part of the composition root. Endpoints come from the web identity settings (simulators outside
 * production, the real providers with NODE_ENV=production, or explicit `ROLEGATE_*_URL`s).
 */
import { ConfigError, loadOidcProviders, loadWebLogins, type OidcProviderEntry, type Settings, type WebLoginFile } from './config/index.js';
import { AMAZON, FACEBOOK, type BrowserLoginProvider, type MappingSpec } from './oidc/index.js';

/** One way to sign in to the console (the console sign-in page lists them: ConsoleRouterDeps.signInOptions). */
export interface SignInOption {
  readonly label: string;
  readonly href: string;
}

type MappingFields = Pick<OidcProviderEntry, 'mappingRules' | 'ambiguity' | 'defaultRoleArn' | 'sessionTags'>;

/** Config mapping fields → the mapping engine's spec; undefined when there is nothing to map with. */
export function mappingSpecOf(fields: MappingFields): MappingSpec | undefined {
  if (fields.mappingRules.length === 0 && !fields.defaultRoleArn && Object.keys(fields.sessionTags).length === 0) return undefined;
  return { rules: fields.mappingRules, ambiguity: fields.ambiguity, ...(fields.defaultRoleArn ? { defaultRoleArn: fields.defaultRoleArn } : {}), sessionTags: fields.sessionTags };
}

function corporateLogins(settings: Settings, configured: readonly OidcProviderEntry[]): BrowserLoginProvider[] {
  const simulatorUrl = settings.webIdentity.simulatorUrl;
  return configured.flatMap((p) => {
    if (!p.browserLogin) return [];
    const simulated = p.simulator !== undefined && simulatorUrl !== undefined;
    return [{
      kind: 'oidc' as const,
      name: p.browserLogin.name,
      label: p.browserLogin.label ?? `Sign in with ${p.hostPath}`,
      clientId: p.browserLogin.clientId,
      clientSecret: p.browserLogin.clientSecret,
      issuer: p.url,
      discoveryUrl: simulated ? `${simulatorUrl}/${p.simulator}` : p.url,
      scope: 'openid email groups',
      allowInsecure: simulated,
      // The validator attaches the provider's own mapping rules.
    }];
  });
}

function builtInLogins(settings: Settings, logins: WebLoginFile): BrowserLoginProvider[] {
  const web = settings.webIdentity;
  // http:// endpoints only for the development simulators (never with NODE_ENV=production).
  const allowInsecure = web.simulatorUrl !== undefined;
  const out: BrowserLoginProvider[] = [];
  const { google, facebook, amazon } = logins;
  if (google) {
    const mapping = mappingSpecOf(google);
    out.push({
      kind: 'oidc', name: 'google', label: google.browserLogin.label ?? 'Sign in with Google',
      clientId: google.browserLogin.clientId, clientSecret: google.browserLogin.clientSecret,
      issuer: 'https://accounts.google.com', discoveryUrl: web.google.discoveryUrl, scope: 'openid email', allowInsecure,
      ...(mapping ? { mapping } : {}),
    });
  }
  const facebookSecret = facebook ? web.facebook.apps.get(facebook.browserLogin.appId) : undefined;
  if (facebook && facebookSecret !== undefined) {
    const mapping = mappingSpecOf(facebook);
    out.push({
      kind: 'oauth', providerId: FACEBOOK, name: 'facebook', label: facebook.browserLogin.label ?? 'Log in with Facebook',
      clientId: facebook.browserLogin.appId, clientSecret: facebookSecret,
      issuer: 'https://www.facebook.com', authorizationEndpoint: web.facebook.dialogUrl, tokenEndpoint: `${web.facebook.graphUrl}/oauth/access_token`,
      scope: 'public_profile email', allowInsecure,
      ...(mapping ? { mapping } : {}),
    });
  }
  if (amazon) {
    const mapping = mappingSpecOf(amazon);
    out.push({
      kind: 'oauth', providerId: AMAZON, name: 'amazon', label: amazon.browserLogin.label ?? 'Login with Amazon',
      clientId: amazon.browserLogin.clientId, clientSecret: amazon.browserLogin.clientSecret,
      issuer: 'https://www.amazon.com', authorizationEndpoint: web.amazon.authorizeUrl, tokenEndpoint: `${web.amazon.apiUrl}/auth/o2/token`,
      scope: 'profile', allowInsecure,
      ...(mapping ? { mapping } : {}),
    });
  }
  return out;
}

/**
 * Every browser sign-in provider. A Facebook login whose app has no secret in `ROLEGATE_FACEBOOK_APPS`
 * is left out (the caller may warn); two providers with the same route name are a configuration error.
 */
export function browserLoginProviders(settings: Settings, configured: readonly OidcProviderEntry[] = loadOidcProviders(settings.configDir), logins: WebLoginFile = loadWebLogins(settings.configDir)): BrowserLoginProvider[] {
  const all = [...corporateLogins(settings, configured), ...builtInLogins(settings, logins)];
  const seen = new Set<string>();
  for (const p of all) {
    if (seen.has(p.name)) throw new ConfigError([{ file: 'accounts/*.json', path: 'oidcProviders[].browserLogin.name', message: `"${p.name}" is used by two sign-in providers` }]);
    seen.add(p.name);
  }
  return all;
}

export function signInOptionsOf(providers: readonly BrowserLoginProvider[]): SignInOption[] {
  return providers.map((p) => ({ label: p.label, href: `/oidc/login/${p.name}` }));
}

/** The console's sign-in options for web identity providers: corporate OIDC, Google, Facebook, Amazon. */
export function webIdentitySignInOptions(settings: Settings): SignInOption[] {
  return signInOptionsOf(browserLoginProviders(settings));
}
