/**
 * @module saml/xml-guard — checks on the raw bytes, before any XML parser runs (security.md §1.12, §1.15).
 *
 * Size caps, strict base64, UTF-8 only (no UTF-16 BOM, no other encoding declaration), no DOCTYPE
 * or ENTITY declaration, no processing instruction other than the leading XML declaration.
 */
import { BridgeError } from '../errors.js';

/** Largest decoded SAML response accepted (a generous real-world assertion is under 20 KB). */
export const MAX_SAML_XML_BYTES = 256 * 1024;
/** STS SAMLAssertion parameter limit (sts.md §2), also used for the ACS form field. */
export const MAX_SAML_BASE64_CHARS = 350_000;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes a base64 SAMLResponse and returns the XML text, or throws a SAML_* catalog error. */
export function decodeSamlMessage(base64: string, maxBase64Chars = MAX_SAML_BASE64_CHARS): string {
  if (base64.length > maxBase64Chars) throw new BridgeError('SAML_TOO_LARGE', { detail: `${base64.length} base64 characters` });
  const compact = base64.replace(/[\r\n\t ]/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new BridgeError('SAML_MALFORMED', { detail: 'not base64' });
  }
  const bytes = Buffer.from(compact, 'base64');
  return guardXml(bytes);
}

/** Byte-level checks on XML about to be parsed (also applied to decrypted assertions). */
export function guardXml(bytes: Buffer): string {
  if (bytes.length > MAX_SAML_XML_BYTES) throw new BridgeError('SAML_TOO_LARGE', { detail: `${bytes.length} bytes` });
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new BridgeError('SAML_MALFORMED', { detail: 'UTF-16 byte order mark' });
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new BridgeError('SAML_MALFORMED', { detail: 'not UTF-8' });
  }
  return guardXmlText(text);
}

export function guardXmlText(input: string): string {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (/<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST|<!NOTATION/i.test(text)) {
    throw new BridgeError('SAML_DOCTYPE_FORBIDDEN', { detail: 'DTD declaration present' });
  }
  const declaration = /^\s*<\?xml\b([^?]*)\?>/.exec(text);
  if (declaration) {
    const encoding = /encoding\s*=\s*["']([^"']*)["']/i.exec(declaration[1] ?? '')?.[1];
    if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') throw new BridgeError('SAML_MALFORMED', { detail: `encoding ${encoding.slice(0, 20)}` });
  }
  const rest = declaration ? text.slice(declaration[0].length) : text;
  if (rest.includes('<?')) throw new BridgeError('SAML_MALFORMED', { detail: 'processing instruction' });
  return text;
}
