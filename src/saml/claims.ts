/**
 * @module saml/claims — AWS SAML attributes, condition keys and role candidates (sts.md §3.4, §4.4, §5;
 * security.md §1.17).
 *
 * Roles are recomputed from each assertion: the AWS Role attribute pairs whose provider half is the
 * provider that verified the assertion (and whose role is in that provider's account), then the
 * provider's ordered mapping rules. Nothing is remembered from an earlier login.
 */
import { createHash } from 'node:crypto';
import type { ContextValue } from '../policy/index.js';
import type { SamlProvider } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { AWS_ATTRIBUTES, NAMEID_FORMAT_PREFIX } from './constants.js';
import type { AssertionFacts } from './assertion.js';

const SESSION_NAME = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;

const invalid = (message: string) => new BridgeError('SAML_ATTRIBUTE_INVALID', { message });

function single(attributes: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  const values = attributes.get(name);
  if (values === undefined) return undefined;
  if (values.length !== 1) throw invalid(`The attribute ${name} must have exactly one value.`);
  return values[0];
}

export interface AwsAttributes {
  readonly roleSessionName?: string;
  readonly sessionDurationSeconds?: number;
  readonly tags: ReadonlyArray<{ key: string; value: string }>;
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
}

/** Reads and validates the optional AWS attributes (RoleSessionName is checked where it is required). */
export function readAwsAttributes(attributes: ReadonlyMap<string, readonly string[]>): AwsAttributes {
  const roleSessionName = single(attributes, AWS_ATTRIBUTES.roleSessionName);
  if (roleSessionName !== undefined && !SESSION_NAME.test(roleSessionName)) throw invalid('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  const durationText = single(attributes, AWS_ATTRIBUTES.sessionDuration);
  let sessionDurationSeconds: number | undefined;
  if (durationText !== undefined) {
    sessionDurationSeconds = /^\d{1,6}$/.test(durationText) ? Number(durationText) : Number.NaN;
    if (!(sessionDurationSeconds >= 900 && sessionDurationSeconds <= 43200)) throw invalid('SessionDuration in AuthnResponse must be an integer from 900 to 43200.');
  }
  const sourceIdentity = single(attributes, AWS_ATTRIBUTES.sourceIdentity);
  if (sourceIdentity !== undefined && (!SESSION_NAME.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))) {
    throw invalid('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  }
  const tags: Array<{ key: string; value: string }> = [];
  for (const [name] of attributes) {
    if (!name.startsWith(AWS_ATTRIBUTES.principalTagPrefix)) continue;
    const key = name.slice(AWS_ATTRIBUTES.principalTagPrefix.length);
    tags.push({ key, value: single(attributes, name) ?? '' });
  }
  const transitiveTagKeys = [...(attributes.get(AWS_ATTRIBUTES.transitiveTagKeys) ?? [])];
  return {
    ...(roleSessionName !== undefined ? { roleSessionName } : {}),
    ...(sessionDurationSeconds !== undefined ? { sessionDurationSeconds } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    tags,
    transitiveTagKeys,
  };
}

/** A role session name for IdPs that send no RoleSessionName (console only): the NameID, made safe. */
export function fallbackSessionName(nameId: string): string {
  const cleaned = nameId.replace(/[^a-zA-Z_0-9+=,.@-]/g, '_').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}__`.slice(0, 2);
}

export interface RoleCandidate {
  readonly roleArn: string;
  readonly provider: SamlProvider;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;
const PROVIDER_ARN = /^arn:aws:iam::(\d{12}):saml-provider\/[\w.-]{1,128}$/;

/** Role candidates from the verified assertion for the providers that verified it. */
export function roleCandidates(attributes: ReadonlyMap<string, readonly string[]>, providers: readonly SamlProvider[]): RoleCandidate[] {
  const out: RoleCandidate[] = [];
  const seen = new Set<string>();
  const add = (roleArn: string, provider: SamlProvider) => {
    const key = `${roleArn}|${provider.arn}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ roleArn, provider });
    }
  };
  const byArn = new Map(providers.map((p) => [p.arn, p]));
  for (const value of attributes.get(AWS_ATTRIBUTES.role) ?? []) {
    const parts = value.split(',').map((p) => p.trim());
    const roleArn = parts.find((p) => ROLE_ARN.test(p));
    const providerArn = parts.find((p) => PROVIDER_ARN.test(p));
    if (parts.length !== 2 || !roleArn || !providerArn) throw invalid('Each Role attribute value must be "roleArn,providerArn" (either order).');
    const provider = byArn.get(providerArn);
    // Only this IdP's providers, and only roles in the provider's own account (§1.17).
    if (!provider || !provider.useRoleAttribute || ROLE_ARN.exec(roleArn)![1] !== provider.account) continue;
    add(roleArn, provider);
  }
  for (const provider of providers) {
    for (const rule of provider.roleMapping) {
      const values = attributes.get(rule.attribute) ?? [];
      if (values.some((v) => ruleMatches(rule.op, rule.value, v))) add(rule.role, provider);
    }
  }
  return out;
}

function ruleMatches(op: SamlProvider['roleMapping'][number]['op'], expected: string, value: string): boolean {
  switch (op) {
    case 'equals':
      return value === expected;
    case 'contains':
      return value.includes(expected);
    case 'startsWith':
      return value.startsWith(expected);
    case 'matches':
      return new RegExp(`^(?:${expected})$`, 'u').test(value);
  }
}

export type RoleChoice = { readonly kind: 'one'; readonly candidate: RoleCandidate } | { readonly kind: 'ask'; readonly candidates: readonly RoleCandidate[] };

/** The console's ambiguity rule: one role → it; several → the providers' strategy (ask, deny or default). */
export function chooseRole(candidates: readonly RoleCandidate[]): RoleChoice {
  if (candidates.length === 0) throw new BridgeError('SAML_NO_ROLE');
  if (candidates.length === 1) return { kind: 'one', candidate: candidates[0]! };
  const strategies = new Set(candidates.map((c) => c.provider.onMultipleRoles));
  if (strategies.has('deny')) throw new BridgeError('SAML_ROLE_AMBIGUOUS');
  if (strategies.has('default')) {
    const chosen = candidates.find((c) => c.provider.onMultipleRoles === 'default' && c.provider.defaultRole === c.roleArn);
    if (!chosen) throw new BridgeError('SAML_ROLE_AMBIGUOUS', { message: 'Several roles match and the default role is not among them.' });
    return { kind: 'one', candidate: chosen };
  }
  return { kind: 'ask', candidates };
}

/** `NameQualifier = Base64(SHA1(Issuer + AccountId + "/" + ProviderName))` (sts.md §3.4). */
export function nameQualifier(issuer: string, account: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${account}/${providerName}`).digest('base64');
}

export function subjectType(format: string | undefined): string {
  if (format === undefined) return 'unspecified';
  return format.startsWith(NAMEID_FORMAT_PREFIX) ? format.slice(NAMEID_FORMAT_PREFIX.length) : format;
}

/** Attribute names (OIDs and claim URIs) → `saml:` condition key names (AWS's table, sts.md §4.4). */
const ATTRIBUTE_KEYS: Record<string, string> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'edupersonaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': 'edupersonnickname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': 'edupersonorgdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': 'edupersonorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'edupersonprimaryaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'edupersonprincipalname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': 'edupersonentitlement',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': 'edupersonprimaryorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'edupersonscopedaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'edupersontargetedid',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': 'edupersonassurance',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.2': 'eduorghomepageuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.3': 'eduorgidentityauthnpolicyuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.4': 'eduorglegalname',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.5': 'eduorgsuperioruri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.6': 'eduorgwhitepagesuri',
  'urn:oid:2.5.4.3': 'cn',
  '2.5.4.3': 'cn',
  'http://schemas.xmlsoap.org/claims/CommonName': 'commonName',
  'urn:oid:2.5.4.42': 'givenName',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'givenName',
  'urn:oid:2.5.4.4': 'surname',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'surname',
  'urn:oid:0.9.2342.19200300.100.1.3': 'mail',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'mail',
  'urn:oid:2.16.840.1.113730.3.1.241': 'name',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': 'name',
  'urn:oid:0.9.2342.19200300.100.1.1': 'uid',
  'urn:oid:2.5.4.45': 'x500UniqueIdentifier',
  'urn:oid:1.3.6.1.4.1.25178.1.2.9': 'organizationStatus',
  'http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid': 'primaryGroupSID',
};
const FRIENDLY = new Map(Object.values(ATTRIBUTE_KEYS).map((k) => [k.toLowerCase(), k]));
/** Keys AWS defines as single-valued. */
const SINGLE = new Set(['edupersonorgdn', 'edupersonprimaryaffiliation', 'edupersonprimaryorgunitdn', 'edupersonprincipalname']);

export interface SamlContext {
  readonly context: Record<string, ContextValue>;
  readonly persistent: Record<string, ContextValue>;
  readonly nameQualifier: string;
  readonly subjectType: string;
}

/** The `saml:*` condition keys for one provider (trust-policy evaluation), plus `aws:PrincipalTag/*`. */
export function samlContext(facts: AssertionFacts, provider: SamlProvider, tags: AwsAttributes['tags']): SamlContext {
  const qualifier = nameQualifier(facts.issuer, provider.account, provider.name);
  const type = subjectType(facts.nameIdFormat);
  const persistent: Record<string, ContextValue> = { 'saml:namequalifier': qualifier, 'saml:sub': facts.nameId, 'saml:sub_type': type };
  const context: Record<string, ContextValue> = {
    ...persistent,
    'saml:aud': facts.recipient,
    'saml:iss': facts.issuer,
    'saml:doc': `${provider.account}/${provider.name}`,
  };
  for (const [name, values] of facts.attributes) {
    const key = ATTRIBUTE_KEYS[name] ?? FRIENDLY.get(name.toLowerCase());
    if (!key || values.length === 0) continue;
    context[`saml:${key}`] = SINGLE.has(key) ? values[0]! : [...values];
  }
  for (const tag of tags) context[`aws:PrincipalTag/${tag.key}`] = tag.value;
  return { context, persistent, nameQualifier: qualifier, subjectType: type };
}
