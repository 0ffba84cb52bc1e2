/**
 * @module saml/verify — signature verification and decryption; returns ONLY verified content.
 *
 * Signatures are checked with node-saml's `getVerifiedXml` (xml-crypto 6 with the pinned
 * certificates only; KeyInfo is ignored), which returns the canonical bytes that were digested.
 * Everything later is read by re-parsing those bytes (security.md §1.1 check 1): the assertion
 * from its own signature's bytes, or from the bytes of a Response signature that covers it.
 */
import { decryptXml, getVerifiedXml } from '@node-saml/node-saml/lib/xml.js';
import { BridgeError } from '../errors.js';
import { NS } from './constants.js';
import { optionalChild, parseXml } from './dom.js';
import { checkAssertionShape, checkEncryptionAlgorithms, checkSignatureAlgorithms, type ResponseShape } from './structure.js';
import { guardXmlText } from './xml-guard.js';

export interface SignaturePolicy {
  readonly certs: readonly string[];
  readonly wantResponseSigned: boolean;
  readonly wantAssertionSigned: boolean;
  readonly allowSha1: boolean;
}

export interface VerifiedContent {
  /** The Assertion element, from verified bytes only. */
  readonly assertion: Element;
  /** The Response element from verified bytes when the Response is signed, else the raw (unauthenticated) one. */
  readonly response: Element;
  readonly responseSigned: boolean;
  readonly assertionSigned: boolean;
  readonly encrypted: boolean;
}

function verified(fullXml: string, node: Element, certs: readonly string[]): string {
  let result: string | null;
  try {
    result = getVerifiedXml(fullXml, node, [...certs]);
  } catch (error) {
    throw new BridgeError('SAML_SIGNATURE_INVALID', { detail: (error as Error).message.slice(0, 200) });
  }
  if (result === null) throw new BridgeError('SAML_SIGNATURE_INVALID', { detail: `no pinned certificate verifies the ${node.localName} signature` });
  return result;
}

async function decrypt(encrypted: Element, key: string | undefined): Promise<{ xml: string; doc: Document }> {
  checkEncryptionAlgorithms(encrypted);
  if (!key) throw new BridgeError('SAML_DECRYPTION_FAILED', { detail: 'no SP decryption key' });
  let xml: string;
  try {
    xml = await decryptXml(encrypted.toString(), key);
  } catch {
    // One uniform error for every decryption failure (no padding-oracle distinctions, §1.16).
    throw new BridgeError('SAML_DECRYPTION_FAILED');
  }
  const text = guardXmlText(xml);
  return { xml: text, doc: await parseXml(text) };
}

export async function verifySignatures(xml: string, shape: ResponseShape, policy: SignaturePolicy, decryptionKey: string | undefined): Promise<VerifiedContent> {
  const { responseSignature, assertionSignature } = shape;
  if (responseSignature) checkSignatureAlgorithms(responseSignature, policy.allowSha1);
  if (assertionSignature) checkSignatureAlgorithms(assertionSignature, policy.allowSha1);

  if (policy.wantResponseSigned && !responseSignature) throw new BridgeError('SAML_SIGNATURE_MISSING', { message: 'The SAML Response is not signed.' });
  // A present signature must verify: a broken one is never silently ignored.
  let response = shape.response;
  let responseSigned = false;
  if (responseSignature) {
    response = (await parseXml(verified(xml, shape.response, policy.certs))).documentElement;
    responseSigned = true;
  }

  if (shape.assertion) {
    if (assertionSignature) {
      const assertion = (await parseXml(verified(xml, shape.assertion, policy.certs))).documentElement;
      return { assertion, response, responseSigned, assertionSigned: true, encrypted: false };
    }
    if (policy.wantAssertionSigned || !responseSigned) throw new BridgeError('SAML_SIGNATURE_MISSING');
    const assertion = optionalChild(response, NS.assertion, 'Assertion');
    if (!assertion) throw new BridgeError('SAML_STRUCTURE_INVALID', { detail: 'assertion not within the signed Response' });
    return { assertion, response, responseSigned, assertionSigned: false, encrypted: false };
  }

  // Encrypted: take the EncryptedAssertion from the signed Response bytes when there are any.
  const encrypted = responseSigned ? optionalChild(response, NS.assertion, 'EncryptedAssertion') : shape.encryptedAssertion;
  if (!encrypted) throw new BridgeError('SAML_STRUCTURE_INVALID', { detail: 'encrypted assertion not within the signed Response' });
  const { xml: decryptedXml, doc } = await decrypt(encrypted, decryptionKey);
  const { assertion, signature } = checkAssertionShape(doc);
  if (signature) {
    checkSignatureAlgorithms(signature, policy.allowSha1);
    const verifiedAssertion = (await parseXml(verified(decryptedXml, assertion, policy.certs))).documentElement;
    return { assertion: verifiedAssertion, response, responseSigned, assertionSigned: true, encrypted: true };
  }
  // Encryption is not authentication (§1.16): an unsigned decrypted assertion needs a verified
  // Response signature over the EncryptedAssertion, and a provider that accepts that.
  if (policy.wantAssertionSigned || !responseSigned) throw new BridgeError('SAML_SIGNATURE_MISSING', { message: 'The decrypted SAML assertion is not signed.' });
  return { assertion, response, responseSigned, assertionSigned: false, encrypted: true };
}
