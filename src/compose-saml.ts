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
import { fetchMetadataText, loadCorporateDirectory, resolveSamlMetadataUrls, type SamlSettings, type Settings } from './config/index.js';
import { startSamlMetadataRefresh } from './compose-saml-metadata.js';
import type { ConsoleDeps } from './console/index.js';
import type { Clock, DirectoryData, KeyValueStore, StsServices } from './core/index.js';
import { idpRouter, samlRouter } from './http/index.js';
import { createBuiltinIdp } from './idp/saml/index.js';
import { createSamlProviderRegistry, createSamlValidator, createSpLogout, createStsSamlCheck, withLiveSamlProviders, type SpEndpoints, type SpKeys } from './saml/index.js';
import { assumeRoleWithSamlAction, type StsAction } from './sts/index.js';

type Router = ReturnType<typeof samlRouter>;

export interface SamlComposition {
  readonly stsActions: readonly StsAction<unknown>[];
  readonly routers: readonly Router[];
  readonly console: ConsoleDeps;
  /** Stops the metadata refresh timers. */
  close(): void;
  /** Console sign-in page links: one per SAML provider (SP-initiated login). */
  readonly signInOptions: ReadonlyArray<{ readonly label: string; readonly href: string }>;
  /** The built-in IdP's IdP-initiated start page, when it runs. */
  readonly idpInitiatedUrl?: string;
  /** Where console sign-out sends the browser after a SAML login: a LogoutRequest to the IdP, if it has an SLO service. */
  readonly signOutRedirect: (session: { readonly loginId?: string }) => Promise<string | undefined>;
}

/** The HTTPS fetch of `metadataUrl`s (with the extra trust anchors of the settings, if any). */
function metadataFetch(s: SamlSettings): (url: string) => Promise<string> {
  return fetchMetadataText(s.metadataCaFile ? readFileSync(s.metadataCaFile, 'utf8') : undefined);
}

function withAbsoluteUrls(pinned: { readonly ssoUrl?: string; readonly sloUrl?: string }, absolute: (url: string | undefined) => string | undefined) {
  return { ...(pinned.ssoUrl ? { ssoUrl: absolute(pinned.ssoUrl)! } : {}), ...(pinned.sloUrl ? { sloUrl: absolute(pinned.sloUrl)! } : {}) };
}

/** Completes providers configured by metadata URL (fetched at start-up; refreshed by composeSaml). */
export async function withSamlMetadata(data: DirectoryData, settings: Pick<Settings, 'publicUrl' | 'saml'>): Promise<DirectoryData> {
  const providers = data.samlProviders ?? [];
  const resolved = (await resolveSamlMetadataUrls(providers, metadataFetch(settings.saml))).map((r) => r.provider);
  // Paths (the built-in IdP's endpoints) are relative to rolegate's own public URL.
  const absolute = (url: string | undefined) => (url?.startsWith('/') ? `${settings.publicUrl}${url}` : url);
  return {
    ...data,
    samlProviders: resolved.map(({ ssoUrl, sloUrl, metadataSource, ...p }) => ({
      ...p,
      ...(ssoUrl ? { ssoUrl: absolute(ssoUrl)! } : {}),
      ...(sloUrl ? { sloUrl: absolute(sloUrl)! } : {}),
      ...(metadataSource ? { metadataSource: { ...metadataSource, pinned: { ...metadataSource.pinned, ...withAbsoluteUrls(metadataSource.pinned, absolute) } } } : {}),
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
  // Providers configured by metadata URL change at run time: every SAML lookup reads the registry.
  const registry = createSamlProviderRegistry(services.directory.samlProviders);
  const directory = withLiveSamlProviders(services.directory, registry);
  const stopRefresh = startSamlMetadataRefresh({
    registry,
    fetchText: metadataFetch(s),
    clock,
    logger,
    bounds: { minMs: s.metadataRefreshMinSeconds * 1000, maxMs: s.metadataRefreshMaxSeconds * 1000 },
  });
  for (const p of directory.samlProviders) {
    if (p.allowSha1) logger.warn({ provider: p.arn }, 'SAML provider accepts RSA-SHA1 signatures (allowSha1): legacy IdPs only');
  }
  const endpoints: SpEndpoints = { entityId: s.spEntityId, acsUrl: `${settings.publicUrl}/saml`, sloUrl: `${settings.publicUrl}/saml/logout` };
  const random = { bytes: (n: number) => randomBytes(n) };
  const validator = createSamlValidator({ directory, store, clock, sp: { entityId: endpoints.entityId, acsUrl: endpoints.acsUrl, decryptionKey: keys.encryptionKey } });
  const consoleDeps: ConsoleDeps = { store, clock, random, services, secureCookies: settings.publicUrl.startsWith('https:') };
  const spLogout = createSpLogout({ state: validator.state, directory, endpoints, keys, clock });
  const signOutRedirect = (session: { readonly loginId?: string }) => spLogout.start(session.loginId);
  const routers: Router[] = [samlRouter({ validator, endpoints, keys, directory, clock, random, console: consoleDeps, spLogout })];

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
  const signInOptions = directory.samlProviders.map((p) => ({
    label: `${p.name} (${directory.account(p.account)?.alias ?? p.account})`,
    href: `/saml/login?provider=${encodeURIComponent(p.arn)}`,
  }));
  return {
    stsActions: [assumeRoleWithSamlAction(createStsSamlCheck(validator, clock))],
    routers,
    console: consoleDeps,
    signInOptions,
    signOutRedirect,
    ...(s.builtinIdp && corporate ? { idpInitiatedUrl: `${settings.publicUrl}/idp/saml/start` } : {}),
    close: stopRefresh,
  };
}
