/**
 * @module saml/constants — namespaces, algorithm allow-lists and AWS attribute names.
 */

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const NAMEID_FORMAT_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';

/** Signature algorithms accepted (security.md §1.9). HMAC is never accepted. */
export const SIGNATURE_ALGORITHMS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
export const DIGEST_ALGORITHMS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512',
]);
/** Only with a provider's explicit `allowSha1` (legacy IdPs). */
export const SHA1_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const SHA1_DIGEST = 'http://www.w3.org/2000/09/xmldsig#sha1';

/** Transforms: enveloped signature + exclusive c14n; `#WithComments` variants are refused (§1.13). */
export const TRANSFORMS = new Set(['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#']);
export const CANONICALIZATIONS = new Set(['http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315']);

/** Encryption (§1.16): no rsa-1_5 key transport, no triple-DES. */
export const KEY_TRANSPORT_ALGORITHMS = new Set(['http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p', 'http://www.w3.org/2009/xmlenc11#rsa-oaep']);
export const DATA_ENCRYPTION_ALGORITHMS = new Set([
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
]);

const AWS = 'https://aws.amazon.com/SAML/Attributes/';
export const AWS_ATTRIBUTES = {
  role: `${AWS}Role`,
  roleSessionName: `${AWS}RoleSessionName`,
  sessionDuration: `${AWS}SessionDuration`,
  principalTagPrefix: `${AWS}PrincipalTag:`,
  transitiveTagKeys: `${AWS}TransitiveTagKeys`,
  sourceIdentity: `${AWS}SourceIdentity`,
} as const;

/** AWS's 5-minute redemption window (sts.md §5). */
export const MAX_ASSERTION_AGE_MS = 5 * 60 * 1000;
