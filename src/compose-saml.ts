/**
 * @module compose-saml — composition of SAML federation: SP validator and routers, the
 * AssumeRoleWithSAML action, the console's dependencies and sign-in links, and the built-in
 * corporate directory IdP.
 *
 * Part of the composition root (reads key files named by the settings; nothing else does).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { loadCorporateDirectory, resolveSamlMetadataUrls, type Settings } from './config/index.js';
import type { ConsoleDeps } from './console/index.js';
import type { Clock, DirectoryData, KeyValueStore, StsServices } from './core/index.js';
import { idpRouter, samlRouter } from './http/index.js';
import { createBuiltinIdp } from './idp/saml/index.js';
import { createSamlValidator, createStsSamlCheck, type SpEndpoints, type SpKeys } from './saml/index.js';
import { assumeRoleWithSamlAction, type StsAction } from './sts/index.js';

type Router = ReturnType<typeof samlRouter>;

export interface SamlComposition {
  readonly stsActions: readonly StsAction<unknown>[];
  readonly routers: readonly Router[];
  readonly console: ConsoleDeps;
  /** Console sign-in page links: one per SAML provider (SP-initiated login). */
  readonly signInOptions: ReadonlyArray<{ readonly label: string; readonly href: string }>;
  /** The built-in IdP's IdP-initiated start page, when it runs. */
  readonly idpInitiatedUrl?: string;
}

/** Completes providers configured by metadata URL (fetched once, at start-up). */
export async function withSamlMetadata(data: DirectoryData, publicUrl: string): Promise<DirectoryData> {
  const providers = data.samlProviders ?? [];
  const resolved = providers.some((p) => 'pendingMetadataUrl' in p && p.pendingMetadataUrl) ? await resolveSamlMetadataUrls(providers) : providers;
  // Paths (the built-in IdP's endpoints) are relative to rolegate's own public URL.
  const absolute = (url: string | undefined) => (url?.startsWith('/') ? `${publicUrl}${url}` : url);
  return {
    ...data,
    samlProviders: resolved.map(({ ssoUrl, sloUrl, ...p }) => ({
      ...p,
      ...(ssoUrl ? { ssoUrl: absolute(ssoUrl)! } : {}),
      ...(sloUrl ? { sloUrl: absolute(sloUrl)! } : {}),
    })),
  };
}

export function composeSaml(settings: Settings, services: StsServices, store: KeyValueStore, clock: Clock, logger: Logger): SamlComposition {
  const s = settings.saml;
  const keys: SpKeys = {
    signingKey: readFileSync(s.signingKeyFile, 'utf8'),
    signingCert: readFileSync(s.signingCertFile, 'utf8'),
    encryptionKey: readFileSync(s.encryptionKeyFile, 'utf8'),
    encryptionCert: readFileSync(s.encryptionCertFile, 'utf8'),
  };
  if (s.developmentKeys) {
    const level = settings.production ? 'error' : 'warn';
    logger[level]('SAML SP keys are the DEVELOPMENT keys under certs/ (set ROLEGATE_SAML_SIGNING_KEY_FILE and ROLEGATE_SAML_ENCRYPTION_KEY_FILE). Never use them outside development.');
  }
  for (const p of services.directory.samlProviders) {
    if (p.allowSha1) logger.warn({ provider: p.arn }, 'SAML provider accepts RSA-SHA1 signatures (allowSha1): legacy IdPs only');
  }
  const endpoints: SpEndpoints = { entityId: s.spEntityId, acsUrl: `${settings.publicUrl}/saml`, sloUrl: `${settings.publicUrl}/saml/logout` };
  const random = { bytes: (n: number) => randomBytes(n) };
  const validator = createSamlValidator({ directory: services.directory, store, clock, sp: { entityId: endpoints.entityId, acsUrl: endpoints.acsUrl, decryptionKey: keys.encryptionKey } });
  const consoleDeps: ConsoleDeps = { store, clock, random, services, secureCookies: settings.publicUrl.startsWith('https:') };
  const routers: Router[] = [samlRouter({ validator, endpoints, keys, directory: services.directory, clock, random, console: consoleDeps })];

  const corporate = s.builtinIdp ? loadCorporateDirectory(settings.configDir) : undefined;
  if (s.builtinIdp && corporate) {
    if (settings.production) logger.warn('The built-in corporate directory IdP is ON in production (ROLEGATE_BUILTIN_IDP=on). It is meant for development and tests.');
    const idp = createBuiltinIdp({
      store,
      clock,
      random,
      directory: corporate,
      privateKey: readFileSync(s.builtinIdpKeyFile, 'utf8'),
      certificate: readFileSync(s.builtinIdpCertFile, 'utf8'),
      baseUrl: `${settings.publicUrl}/idp/saml`,
      sp: { entityId: endpoints.entityId, acsUrl: endpoints.acsUrl, sloUrl: endpoints.sloUrl, signingCert: keys.signingCert },
      secureCookies: consoleDeps.secureCookies,
    });
    routers.push(idpRouter({ idp, publicUrl: settings.publicUrl }));
  }
  const signInOptions = services.directory.samlProviders.map((p) => ({
    label: `${p.name} (${services.directory.account(p.account)?.alias ?? p.account})`,
    href: `/saml/login?provider=${encodeURIComponent(p.arn)}`,
  }));
  return {
    stsActions: [assumeRoleWithSamlAction(createStsSamlCheck(validator, clock))],
    routers,
    console: consoleDeps,
    signInOptions,
    ...(s.builtinIdp && corporate ? { idpInitiatedUrl: `${settings.publicUrl}/idp/saml/start` } : {}),
  };
}
