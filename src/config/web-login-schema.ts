/**
 * @module config/web-login-schema — browser sign-in with the built-in web identity providers
 * (`config/web-identity.json`): Google (OpenID Connect), Facebook and Login with Amazon (OAuth 2.0),
 * each with its client and its own mapping rules from claims to roles.
 *
 * The file is optional: without it (or without a provider in it) that provider offers no browser
 * sign-in. Its tokens still work with AssumeRoleWithWebIdentity and the token exchange.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { mappingFields } from './oidc-schema.js';
import { readOptionalJsonFile } from './read-json-file.js';

const label = z.string().min(1).max(64).optional();
const clientSecret = z.string().min(16).max(512);

const withSecret = z.strictObject({
  browserLogin: z.strictObject({ clientId: z.string().min(1).max(255), clientSecret, label }),
  ...mappingFields,
});

export const webLoginFileSchema = z.strictObject({
  google: withSecret.optional(),
  /** The app secret comes from `ROLEGATE_FACEBOOK_APPS` (it is also the debug_token credential). */
  facebook: z.strictObject({ browserLogin: z.strictObject({ appId: z.string().min(1).max(128), label }), ...mappingFields }).optional(),
  amazon: withSecret.optional(),
});

export type WebLoginFile = z.infer<typeof webLoginFileSchema>;

export const WEB_LOGIN_FILE = 'web-identity.json';

export function loadWebLogins(configDir: string): WebLoginFile {
  return readOptionalJsonFile(join(configDir, WEB_LOGIN_FILE), webLoginFileSchema, WEB_LOGIN_FILE) ?? {};
}
