/**
 * @module config/saml-providers — SAML provider configuration → the core's `SamlProvider`.
 *
 * Providers come from IdP metadata (a file under the configuration directory, or an HTTPS URL
 * fetched at start-up and refreshed by compose-saml-metadata) or from `entityId` + `ssoUrl` +
 * `signingCerts`. Values set explicitly in the configuration win over the metadata's. Certificates are
 * pinned: only these verify signatures, `KeyInfo` in messages is ignored (security.md §1.10).
 * Metadata is trusted configuration, so it is read with fast-xml-parser, never the SAML stack.
 */
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { rootCertificates } from 'node:tls';
import { isAbsolute, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { SamlMappingRule, SamlProvider } from '../core/index.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { readOptionalJsonFile } from './read-json-file.js';
import { corporateDirectorySchema, type CorporateDirectoryConfig, type SamlProviderConfig } from './saml-schema.js';

export interface IdpMetadata {
  readonly entityId: string;
  readonly ssoUrl?: string;
  readonly sloUrl?: string;
  readonly signingCerts: readonly string[];
  /** `validUntil` (SAML Metadata §2.2.1): the metadata must not be used after it. */
  readonly validUntilMs?: number;
  /** `cacheDuration` (an xs:duration): how long a consumer may cache it. */
  readonly cacheDurationMs?: number;
}

/** Where a provider's metadata comes from, and what the configuration pinned explicitly. */
export interface MetadataUrlSource {
  readonly url: string;
  readonly pinned: { readonly entityId?: string; readonly signingCerts?: readonly string[]; readonly ssoUrl?: string; readonly sloUrl?: string };
}

/** A provider as configuration builds it: with its metadata URL, when it has one. */
export type ConfiguredSamlProvider = SamlProvider & { readonly metadataSource?: MetadataUrlSource };

const DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** xs:duration → milliseconds (years and months at 365 and 30 days; negative or malformed: undefined). */
export function parseXsDuration(value: string): number | undefined {
  const m = DURATION.exec(value.trim());
  if (!m || m[1] || value.trim() === 'P' || value.trim().endsWith('T')) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(2).map((v) => (v === undefined ? 0 : Number(v)));
  return Math.round(((((y! * 365 + mo! * 30 + d!) * 24 + h!) * 60 + mi!) * 60 + sec!) * 1000);
}

/** The metadata's values for everything the configuration did not pin. */
export function applyIdpMetadata(provider: SamlProvider, pinned: MetadataUrlSource['pinned'], metadata: IdpMetadata): SamlProvider {
  const ssoUrl = pinned.ssoUrl ?? metadata.ssoUrl;
  const sloUrl = pinned.sloUrl ?? metadata.sloUrl;
  const { ssoUrl: _sso, sloUrl: _slo, ...rest } = provider;
  return {
    ...rest,
    entityId: pinned.entityId ?? metadata.entityId,
    signingCerts: pinned.signingCerts ?? metadata.signingCerts,
    ...(ssoUrl ? { ssoUrl } : {}),
    ...(sloUrl ? { sloUrl } : {}),
  };
}

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** Wraps bare base64 certificate text in PEM armour; leaves PEM unchanged. */
export function toPem(cert: string): string {
  const trimmed = cert.trim();
  if (trimmed.startsWith('-----BEGIN CERTIFICATE-----')) return `${trimmed}\n`;
  const body = trimmed.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '#text' in value) return String((value as Record<string, unknown>)['#text']);
  return undefined;
}

/** Parses an IdP's EntityDescriptor (the first one of an EntitiesDescriptor). */
export function parseIdpMetadata(xml: string): IdpMetadata {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('metadata must not contain a DOCTYPE');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, processEntities: false });
  const doc = parser.parse(xml) as Record<string, unknown>;
  const entities = doc['EntitiesDescriptor'] as Record<string, unknown> | undefined;
  const entity = (entities ? asArray(entities['EntityDescriptor'] as unknown)[0] : doc['EntityDescriptor']) as Record<string, unknown> | undefined;
  if (!entity) throw new Error('no EntityDescriptor');
  const entityId = entity['@entityID'];
  if (typeof entityId !== 'string' || entityId === '') throw new Error('EntityDescriptor has no entityID');
  const idp = asArray(entity['IDPSSODescriptor'] as Record<string, unknown> | Array<Record<string, unknown>>)[0];
  if (!idp) throw new Error('no IDPSSODescriptor');
  const signingCerts: string[] = [];
  for (const kd of asArray(idp['KeyDescriptor'] as Record<string, unknown> | Array<Record<string, unknown>>)) {
    if (kd['@use'] !== undefined && kd['@use'] !== 'signing') continue;
    const keyInfo = kd['KeyInfo'] as Record<string, unknown> | undefined;
    for (const x509 of asArray(keyInfo?.['X509Data'] as Record<string, unknown> | Array<Record<string, unknown>>)) {
      for (const cert of asArray(x509['X509Certificate'] as unknown)) {
        const value = text(cert);
        if (value) signingCerts.push(toPem(value));
      }
    }
  }
  const location = (services: unknown): string | undefined => {
    const list = asArray(services as Record<string, unknown> | Array<Record<string, unknown>>);
    const chosen = list.find((s) => s['@Binding'] === REDIRECT) ?? list[0];
    return typeof chosen?.['@Location'] === 'string' ? chosen['@Location'] : undefined;
  };
  const ssoUrl = location(idp['SingleSignOnService']);
  const sloUrl = location(idp['SingleLogoutService']);
  // The nearest validUntil / cacheDuration applies (the entity's, else its EntitiesDescriptor's).
  const timing = (key: string) => {
    const own = entity[`@${key}`];
    const parent = entities?.[`@${key}`];
    return typeof own === 'string' ? own : typeof parent === 'string' ? parent : undefined;
  };
  const validUntil = timing('validUntil');
  const validUntilMs = validUntil !== undefined ? Date.parse(validUntil) : undefined;
  if (validUntilMs !== undefined && Number.isNaN(validUntilMs)) throw new Error('validUntil is not a dateTime');
  const cacheDuration = timing('cacheDuration');
  const cacheDurationMs = cacheDuration !== undefined ? parseXsDuration(cacheDuration) : undefined;
  return {
    entityId,
    signingCerts,
    ...(ssoUrl ? { ssoUrl } : {}),
    ...(sloUrl ? { sloUrl } : {}),
    ...(validUntilMs !== undefined ? { validUntilMs } : {}),
    ...(cacheDurationMs !== undefined ? { cacheDurationMs } : {}),
  };
}

function readCert(configDir: string, value: string): string {
  if (/^-----BEGIN CERTIFICATE-----/.test(value.trim()) || /^[A-Za-z0-9+/=\s]{200,}$/.test(value)) return toPem(value);
  return toPem(readFileSync(isAbsolute(value) ? value : join(configDir, value), 'utf8'));
}

function rulesOf(config: SamlProviderConfig): SamlMappingRule[] {
  return config.roleMapping.map((r) => {
    const [op, value] =
      r.equals !== undefined ? (['equals', r.equals] as const)
      : r.contains !== undefined ? (['contains', r.contains] as const)
      : r.startsWith !== undefined ? (['startsWith', r.startsWith] as const)
      : (['matches', r.matches ?? ''] as const);
    return { attribute: r.attribute, op, value, role: r.role };
  });
}

/**
 * Builds the providers of one account file. `metadataUrl` providers are returned with their
 * `metadataSource` and completed by `resolveSamlMetadataUrls` (asynchronous, at start-up).
 */
export function buildSamlProviders(
  configDir: string,
  file: string,
  account: string,
  configs: readonly SamlProviderConfig[],
  issues: ConfigIssue[],
): ConfiguredSamlProvider[] {
  const providers: ConfiguredSamlProvider[] = [];
  configs.forEach((c, i) => {
    const path = `samlProviders[${i}]`;
    let metadata: Partial<IdpMetadata> = {};
    try {
      if (c.metadataFile) metadata = parseIdpMetadata(readFileSync(isAbsolute(c.metadataFile) ? c.metadataFile : join(configDir, c.metadataFile), 'utf8'));
    } catch (error) {
      issues.push({ file, path: `${path}.metadataFile`, message: `cannot read IdP metadata: ${(error as Error).message}` });
      return;
    }
    let certs: string[] = [...(metadata.signingCerts ?? [])];
    let pinnedCerts: string[] | undefined;
    try {
      if (c.signingCerts) certs = pinnedCerts = c.signingCerts.map((cert) => readCert(configDir, cert));
    } catch (error) {
      issues.push({ file, path: `${path}.signingCerts`, message: `cannot read certificate: ${(error as Error).message}` });
      return;
    }
    c.roleMapping.forEach((r, j) => {
      if (!r.role.startsWith(`arn:aws:iam::${account}:role/`)) issues.push({ file, path: `${path}.roleMapping[${j}].role`, message: `must be a role in account ${account}` });
    });
    if (c.defaultRole && !c.defaultRole.startsWith(`arn:aws:iam::${account}:role/`)) issues.push({ file, path: `${path}.defaultRole`, message: `must be a role in account ${account}` });
    const entityId = c.entityId ?? metadata.entityId;
    if (!entityId && !c.metadataUrl) {
      issues.push({ file, path, message: 'no entity id (set entityId or give metadata)' });
      return;
    }
    if (certs.length === 0 && !c.metadataUrl) {
      issues.push({ file, path, message: 'no signing certificate (set signingCerts or give metadata with a signing key)' });
      return;
    }
    const ssoUrl = c.ssoUrl ?? metadata.ssoUrl;
    const sloUrl = c.sloUrl ?? metadata.sloUrl;
    providers.push({
      account,
      name: c.name,
      arn: `arn:aws:iam::${account}:saml-provider/${c.name}`,
      entityId: entityId ?? '',
      ...(ssoUrl ? { ssoUrl } : {}),
      ...(sloUrl ? { sloUrl } : {}),
      signingCerts: certs,
      allowIdpInitiated: c.allowIdpInitiated,
      wantResponseSigned: c.wantResponseSigned,
      wantAssertionSigned: c.wantAssertionSigned,
      allowSha1: c.allowSha1,
      clockSkewMs: c.clockSkewSeconds * 1000,
      useRoleAttribute: c.useRoleAttribute,
      roleMapping: rulesOf(c),
      onMultipleRoles: c.onMultipleRoles,
      ...(c.defaultRole ? { defaultRole: c.defaultRole } : {}),
      ...(c.metadataUrl
        ? {
            metadataSource: {
              url: c.metadataUrl,
              pinned: { ...(c.entityId ? { entityId: c.entityId } : {}), ...(pinnedCerts ? { signingCerts: pinnedCerts } : {}), ...(c.ssoUrl ? { ssoUrl: c.ssoUrl } : {}), ...(c.sloUrl ? { sloUrl: c.sloUrl } : {}) },
            },
          }
        : {}),
    });
  });
  return providers;
}

/**
 * Fetches the metadata of providers configured by URL (at start-up: a provider whose metadata
 * cannot be read stops the start). Returns each provider completed, with the metadata it used.
 */
export async function resolveSamlMetadataUrls(
  providers: readonly ConfiguredSamlProvider[],
  fetchText: (url: string) => Promise<string> = fetchMetadataText(),
): Promise<Array<{ provider: ConfiguredSamlProvider; metadata?: IdpMetadata }>> {
  return Promise.all(
    providers.map(async (provider) => {
      if (!provider.metadataSource) return { provider };
      const metadata = parseIdpMetadata(await fetchText(provider.metadataSource.url));
      if (metadata.validUntilMs !== undefined && metadata.validUntilMs <= Date.now()) throw new Error(`metadata ${provider.metadataSource.url} expired (validUntil)`);
      return { provider: { ...applyIdpMetadata(provider, provider.metadataSource.pinned, metadata), metadataSource: provider.metadataSource }, metadata };
    }),
  );
}

const MAX_METADATA_BYTES = 1_000_000;

/**
 * GET over HTTPS only: 10 s timeout, 1 MB cap, no redirects. `extraCa` (PEM) adds trust anchors
 * to the system ones, for IdPs behind a private CA.
 */
export function fetchMetadataText(extraCa?: string): (url: string) => Promise<string> {
  const ca = extraCa ? [...rootCertificates, extraCa] : undefined;
  return (url) =>
    new Promise((resolve, reject) => {
      if (!url.startsWith('https://')) return reject(new Error(`metadata ${url}: HTTPS only`));
      const request = httpsGet(url, { timeout: 10_000, ...(ca ? { ca } : {}) }, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return reject(new Error(`metadata ${url}: HTTP ${response.statusCode}`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_METADATA_BYTES) {
            request.destroy(new Error(`metadata ${url} is larger than 1 MB`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`metadata ${url}: timeout`)));
      request.on('error', reject);
    });
}

/** Reads `config/corporate-directory.json` (the built-in IdP's users and groups), if present. */
export function loadCorporateDirectory(configDir: string): CorporateDirectoryConfig | undefined {
  const file = join(configDir, 'corporate-directory.json');
  const directory = readOptionalJsonFile(file, corporateDirectorySchema);
  if (!directory) return undefined;
  const groups = new Set(directory.groups.map((g) => g.name));
  const issues: ConfigIssue[] = [];
  directory.users.forEach((u, i) =>
    u.groups.forEach((g, j) => {
      if (!groups.has(g)) issues.push({ file, path: `users[${i}].groups[${j}]`, message: `unknown group "${g}"` });
    }),
  );
  if (issues.length > 0) throw new ConfigError(issues);
  return directory;
}
