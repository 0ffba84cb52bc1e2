/**
 * @module s3/xml — S3 REST XML documents (namespace http://s3.amazonaws.com/doc/2006-03-01/).
 *
 * Built by hand: the documents are small and fixed, and hand-building keeps element order exactly
 * as S3 sends it. Text is escaped for XML 1.0; characters XML cannot carry at all (most C0
 * controls) become character references, which is what `encoding-type=url` exists to avoid.
 */

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#x${c.charCodeAt(0).toString(16)};`;
    }
  });
}

/** `<name>text</name>`, or nothing when the value is undefined. */
export function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function document(root: string, inner: string, namespace = true): string {
  return `${DECLARATION}<${root}${namespace ? ` xmlns="${S3_NAMESPACE}"` : ''}>${inner}</${root}>`;
}

/** S3's timestamp form in XML: ISO-8601 with milliseconds. */
export function xmlTime(ms: number): string {
  return new Date(ms).toISOString();
}

export interface OwnerXml {
  readonly id: string;
  readonly displayName: string;
}

export function ownerXml(owner: OwnerXml): string {
  return `<Owner>${el('ID', owner.id)}${el('DisplayName', owner.displayName)}</Owner>`;
}

export interface ErrorXml {
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
  readonly hostId: string;
  /** Extra elements S3 adds for some codes (`BucketName`, `Key`, `MaxSizeAllowed`, …). */
  readonly extra?: ReadonlyArray<readonly [string, string]>;
}

export function errorXml(error: ErrorXml): string {
  const extra = (error.extra ?? []).map(([name, value]) => el(name, value)).join('');
  return `${DECLARATION}<Error>${el('Code', error.code)}${el('Message', error.message)}${extra}${el('RequestId', error.requestId)}${el('HostId', error.hostId)}</Error>`;
}
