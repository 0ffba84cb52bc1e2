/**
 * @module config/saml-providers — SAML provider configuration → the core's `SamlProvider`.
 *
 * Providers come from IdP metadata (a file under the configuration directory, or an HTTPS URL
 * fetched once at start-up) or from `entityId` + `ssoUrl` + `signingCerts`. Certificates are
 * pinned: only these verify signatures, `KeyInfo` in messages is ignored (security.md §1.10).
 * Metadata is trusted configuration, so it is read with fast-xml-parser, never the SAML stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { SamlMappingRule, SamlProvider } from '../core/index.js';
import { ConfigError, formatPath, type ConfigIssue } from './config-error.js';
import { corporateDirectorySchema, type CorporateDirectoryConfig, type SamlProviderConfig } from './saml-schema.js';

export interface IdpMetadata {
  readonly entityId: string;
  readonly ssoUrl?: string;
  readonly sloUrl?: string;
  readonly signingCerts: readonly string[];
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
  return { entityId, signingCerts, ...(ssoUrl ? { ssoUrl } : {}), ...(sloUrl ? { sloUrl } : {}) };
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
 * Builds the providers of one account file. `metadataUrl` providers are returned with a
 * `pendingMetadataUrl` and completed by `resolveSamlMetadataUrls` (asynchronous, at start-up).
 */
export function buildSamlProviders(
  configDir: string,
  file: string,
  account: string,
  configs: readonly SamlProviderConfig[],
  issues: ConfigIssue[],
): Array<SamlProvider & { pendingMetadataUrl?: string }> {
  const providers: Array<SamlProvider & { pendingMetadataUrl?: string }> = [];
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
    try {
      if (c.signingCerts) certs = c.signingCerts.map((cert) => readCert(configDir, cert));
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
      ...(c.metadataUrl && (!entityId || certs.length === 0) ? { pendingMetadataUrl: c.metadataUrl } : {}),
    });
  });
  return providers;
}

/** Fetches the metadata of providers configured by URL (HTTPS only, 10 s timeout, 1 MB cap). */
export async function resolveSamlMetadataUrls(
  providers: ReadonlyArray<SamlProvider & { pendingMetadataUrl?: string }>,
  fetchText: (url: string) => Promise<string> = defaultFetchText,
): Promise<SamlProvider[]> {
  return Promise.all(
    providers.map(async ({ pendingMetadataUrl, ...provider }) => {
      if (!pendingMetadataUrl) return provider;
      const metadata = parseIdpMetadata(await fetchText(pendingMetadataUrl));
      return {
        ...provider,
        entityId: provider.entityId || metadata.entityId,
        signingCerts: provider.signingCerts.length > 0 ? provider.signingCerts : metadata.signingCerts,
        ...(provider.ssoUrl ?? metadata.ssoUrl ? { ssoUrl: provider.ssoUrl ?? metadata.ssoUrl } : {}),
        ...(provider.sloUrl ?? metadata.sloUrl ? { sloUrl: provider.sloUrl ?? metadata.sloUrl } : {}),
      };
    }),
  );
}

async function defaultFetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
  if (!response.ok) throw new Error(`metadata ${url}: HTTP ${response.status}`);
  const body = await response.text();
  if (body.length > 1_000_000) throw new Error(`metadata ${url} is larger than 1 MB`);
  return body;
}

/** Reads `config/corporate-directory.json` (the built-in IdP's users and groups), if present. */
export function loadCorporateDirectory(configDir: string): CorporateDirectoryConfig | undefined {
  const file = join(configDir, 'corporate-directory.json');
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ file, path: '', message: `cannot read JSON: ${(error as Error).message}` }]);
  }
  const result = corporateDirectorySchema.safeParse(raw);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })));
  const groups = new Set(result.data.groups.map((g) => g.name));
  const issues: ConfigIssue[] = [];
  result.data.users.forEach((u, i) =>
    u.groups.forEach((g, j) => {
      if (!groups.has(g)) issues.push({ file, path: `users[${i}].groups[${j}]`, message: `unknown group "${g}"` });
    }),
  );
  if (issues.length > 0) throw new ConfigError(issues);
  return result.data;
}
