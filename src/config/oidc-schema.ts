/**
 * @module config/oidc-schema — OpenID Connect providers per account (`arn:aws:iam::ACCT:oidc-provider/HOST/PATH`).
 *
 * The provider URL is its issuer: https, no port, no query or fragment (as in IAM). The provider's
 * keys come from `<url>/.well-known/openid-configuration` → `jwks_uri`, unless `simulator` names one
 * of the development simulators (src/dev-oidc), which is honoured only outside production.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';

const roleArn = z.string().regex(/^arn:aws:iam::\d{12}:role\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/, 'must be a role ARN');

const mappingRuleSchema = z
  .strictObject({
    claim: z.string().min(1).max(128),
    op: z.enum(['equals', 'contains', 'startsWith', 'matches']),
    value: z.string().min(1).max(256),
    roleArn,
  })
  .refine((rule) => {
    if (rule.op !== 'matches') return true;
    try {
      new RegExp(rule.value, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'value must be a valid regular expression for "matches"');

/** Mapping rules, ambiguity strategy and session-tag templates (src/oidc/mapping.ts); also used by config/web-login-schema.ts. */
export const mappingFields = {
  /** Ordered rules from verified claims to roles (token exchange; src/oidc/mapping.ts). */
  mappingRules: z.array(mappingRuleSchema).max(100).default([]),
  /** What to do when several rules match with different roles. */
  ambiguity: z.enum(['deny', 'default', 'ask']).default('deny'),
  defaultRoleArn: roleArn.optional(),
  /** Session tag key → template over claims (`{{email}}`, `{{groups|prefix:team-}}`). */
  sessionTags: z.record(z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, 'invalid tag key'), z.string().min(1).max(256)).default({}),
};

export const oidcProviderSchema = z.strictObject({
  url: z
    .string()
    .regex(/^https:\/\/[a-z0-9.-]+(\/[\w.~%/-]*)?$/i, 'must be an https URL without port, query or fragment')
    .max(255)
    .refine((u) => !u.endsWith('/'), 'must not end with "/"'),
  /** Audiences (OAuth client ids) the provider's tokens may carry: 1 to 100. */
  clientIds: z.array(z.string().min(1).max(255)).min(1).max(100),
  /** SHA-1 thumbprints of the top intermediate CA of the JWKS host (informational; TLS trust uses Node's CA store). */
  thumbprints: z.array(z.string().regex(/^[0-9a-fA-F]{40}$/, 'must be 40 hex characters')).max(5).default([]),
  /** Development only: the simulated provider (src/dev-oidc) whose keys stand in for this provider's. */
  simulator: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/).optional(),
  /** Browser sign-in into the console with this provider (authorization code + PKCE; `/oidc/login/<name>`). */
  browserLogin: z
    .strictObject({
      name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be 1-32 lower-case letters, digits and hyphens'),
      clientId: z.string().min(1).max(255),
      clientSecret: z.string().min(16).max(512),
      /** The console sign-in option's text (default: "Sign in with HOST"). */
      label: z.string().min(1).max(64).optional(),
    })
    .optional(),
  ...mappingFields,
});

export type OidcProviderConfig = z.infer<typeof oidcProviderSchema>;

/** One configured OIDC provider with its account and ARN. */
export interface OidcProviderEntry extends OidcProviderConfig {
  readonly account: string;
  readonly arn: string;
  /** `HOST/PATH`: the ARN suffix and the condition-key prefix (`HOST/PATH:aud`). */
  readonly hostPath: string;
}

const accountOidcSchema = z.looseObject({ id: z.string(), oidcProviders: z.array(oidcProviderSchema).default([]) });

/** Reads the `oidcProviders` of every account file (the files themselves are validated by load-directory). */
export function loadOidcProviders(configDir: string): OidcProviderEntry[] {
  const dir = join(configDir, 'accounts');
  const out: OidcProviderEntry[] = [];
  const seen = new Set<string>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = accountOidcSchema.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    if (!parsed.success) continue; // load-directory reports the details
    parsed.data.oidcProviders.forEach((p, i) => {
      const hostPath = p.url.slice('https://'.length);
      const arn = `arn:aws:iam::${parsed.data.id}:oidc-provider/${hostPath}`;
      if (seen.has(arn)) throw new ConfigError([{ file: name, path: `oidcProviders[${i}]`, message: `duplicate OIDC provider "${arn}"` }]);
      seen.add(arn);
      out.push({ ...p, account: parsed.data.id, arn, hostPath });
    });
  }
  return out;
}
