/**
 * @module config/web-identity-settings — the built-in web identity providers (Google, Facebook,
 * Login with Amazon) and the development simulators (src/dev-oidc), from the environment.
 *
 * Outside production the built-ins point at the simulators (`ROLEGATE_DEV_OIDC_URL`, default
 * `http://127.0.0.1:8083`; 8082 is the instance-metadata endpoint) unless a base URL is set explicitly; with NODE_ENV=production they point
 * at the real providers and the simulators are off.
 */
import { z } from 'zod';
import { ConfigError, formatPath } from './config-error.js';

export interface WebIdentitySettings {
  /** Base URL of the development simulators; undefined in production or when `ROLEGATE_DEV_OIDC=off`. */
  readonly simulatorUrl: string | undefined;
  /** Port main.ts starts the simulators on (undefined: not started by main.ts). */
  readonly simulatorPort: number | undefined;
  readonly google: {
    /** Accepted `iss` values. */
    readonly issuers: readonly string[];
    readonly jwksUrl: string;
    /** Where browser sign-in fetches Google's discovery document (`https://accounts.google.com`). */
    readonly discoveryUrl: string;
    /** Client ids (audiences) accepted from Google; the trust policy narrows further. */
    readonly clientIds: readonly string[];
  };
  readonly facebook: {
    /** Graph API base (`https://graph.facebook.com/v19.0`): `/debug_token` is below it. */
    readonly graphUrl: string;
    /** Facebook Login's authorization (dialog) endpoint for browser sign-in. */
    readonly dialogUrl: string;
    /** Our Facebook apps: app id → app secret (used for the app access token of debug_token). */
    readonly apps: ReadonlyMap<string, string>;
  };
  readonly amazon: {
    /** Login with Amazon API base (`https://api.amazon.com`): `/auth/o2/tokeninfo` is below it. */
    readonly apiUrl: string;
    /** Login with Amazon's authorization endpoint for browser sign-in (`https://www.amazon.com/ap/oa`). */
    readonly authorizeUrl: string;
    /** Our Login with Amazon client ids (the tokeninfo `aud`). */
    readonly clientIds: readonly string[];
  };
}

const list = z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be a comma-separated list');
const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  ROLEGATE_DEV_OIDC: z.enum(['on', 'off']).optional(),
  ROLEGATE_DEV_OIDC_URL: z.url().optional(),
  ROLEGATE_DEV_OIDC_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  ROLEGATE_GOOGLE_JWKS_URL: z.url().optional(),
  ROLEGATE_GOOGLE_CLIENT_IDS: list.optional(),
  ROLEGATE_GOOGLE_DISCOVERY_URL: z.url().optional(),
  ROLEGATE_FACEBOOK_DIALOG_URL: z.url().optional(),
  ROLEGATE_AMAZON_AUTHORIZE_URL: z.url().optional(),
  ROLEGATE_FACEBOOK_GRAPH_URL: z.url().optional(),
  ROLEGATE_FACEBOOK_APPS: z
    .string()
    .regex(/^([\w.-]{1,128}:[^,\s]{8,256})(,[\w.-]{1,128}:[^,\s]{8,256})*$/, 'must be appId:appSecret[,appId:appSecret…]')
    .optional(),
  ROLEGATE_AMAZON_API_URL: z.url().optional(),
  ROLEGATE_AMAZON_CLIENT_IDS: list.optional(),
});

/** The demo values the simulators and config/accounts/production.json use. */
export const DEMO_WEB_IDENTITY = {
  googleClientId: 'demo-mobile-app.apps.googleusercontent.com',
  facebookAppId: 'demo-facebook-app',
  facebookAppSecret: 'demo-facebook-app-secret',
  amazonClientId: 'amzn1.application-oa2-client.demo',
} as const;

export function loadWebIdentitySettings(env: NodeJS.ProcessEnv): WebIdentitySettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ file: 'environment', path: formatPath(i.path), message: i.message })));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const simulators = !production && e.ROLEGATE_DEV_OIDC !== 'off';
  const simulatorPort = simulators ? (e.ROLEGATE_DEV_OIDC_PORT ?? 8083) : undefined;
  const simulatorUrl = simulators ? (e.ROLEGATE_DEV_OIDC_URL ?? `http://127.0.0.1:${simulatorPort}`).replace(/\/$/, '') : undefined;
  const split = (s: string | undefined) => (s ?? '').split(',').filter(Boolean);
  const pick = (explicit: string | undefined, simulated: string, real: string) => (explicit ?? (simulatorUrl ? `${simulatorUrl}${simulated}` : real)).replace(/\/$/, '');
  return {
    simulatorUrl,
    simulatorPort,
    google: {
      issuers: ['https://accounts.google.com', 'accounts.google.com'],
      jwksUrl: pick(e.ROLEGATE_GOOGLE_JWKS_URL, '/google/jwks', 'https://www.googleapis.com/oauth2/v3/certs'),
      discoveryUrl: pick(e.ROLEGATE_GOOGLE_DISCOVERY_URL, '/google', 'https://accounts.google.com'),
      clientIds: e.ROLEGATE_GOOGLE_CLIENT_IDS ? split(e.ROLEGATE_GOOGLE_CLIENT_IDS) : production ? [] : [DEMO_WEB_IDENTITY.googleClientId],
    },
    facebook: {
      graphUrl: pick(e.ROLEGATE_FACEBOOK_GRAPH_URL, '/facebook', 'https://graph.facebook.com/v19.0'),
      dialogUrl: pick(e.ROLEGATE_FACEBOOK_DIALOG_URL, '/facebook/dialog/oauth', 'https://www.facebook.com/v19.0/dialog/oauth'),
      apps: new Map(
        (e.ROLEGATE_FACEBOOK_APPS ?? (production ? '' : `${DEMO_WEB_IDENTITY.facebookAppId}:${DEMO_WEB_IDENTITY.facebookAppSecret}`))
          .split(',')
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)] as [string, string]),
      ),
    },
    amazon: {
      apiUrl: pick(e.ROLEGATE_AMAZON_API_URL, '/amazon', 'https://api.amazon.com'),
      authorizeUrl: pick(e.ROLEGATE_AMAZON_AUTHORIZE_URL, '/amazon/ap/oa', 'https://www.amazon.com/ap/oa'),
      clientIds: e.ROLEGATE_AMAZON_CLIENT_IDS ? split(e.ROLEGATE_AMAZON_CLIENT_IDS) : production ? [] : [DEMO_WEB_IDENTITY.amazonClientId],
    },
  };
}
