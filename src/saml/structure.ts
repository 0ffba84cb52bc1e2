/**
 * @module saml/structure — the shape checks that defeat signature wrapping (security.md §1.1, §1.11,
 * §1.13, §1.15, §1.16), run on the parsed document before any signature is verified.
 *
 * - exactly one root `samlp:Response`; no comments or processing instructions anywhere;
 * - exactly one `Assertion` or `EncryptedAssertion` in the whole document, a direct child of the
 *   Response (so XSW3–8 variants, Advice/Extensions/Object smuggling, all fail);
 * - no duplicate `ID`/`Id`/`AssertionID` values;
 * - every `ds:Signature` is a direct child of the Response or of the Assertion, holds exactly one
 *   SignedInfo and one Reference whose bare-name URI names its parent, and carries no `ds:Object`;
 * - signature, digest, canonicalisation, transform and encryption algorithms from allow-lists.
 */
import { BridgeError } from '../errors.js';
import {
  CANONICALIZATIONS,
  DATA_ENCRYPTION_ALGORITHMS,
  DIGEST_ALGORITHMS,
  KEY_TRANSPORT_ALGORITHMS,
  NS,
  SHA1_DIGEST,
  SHA1_SIGNATURE,
  SIGNATURE_ALGORITHMS,
  TRANSFORMS,
} from './constants.js';
import { attr, childElements, children, NODE, optionalChild, visit } from './dom.js';

export interface ResponseShape {
  readonly response: Element;
  readonly assertion?: Element;
  readonly encryptedAssertion?: Element;
  readonly responseSignature?: Element;
  readonly assertionSignature?: Element;
}

const structure = (detail: string) => new BridgeError('SAML_STRUCTURE_INVALID', { detail });
const ID_ATTRIBUTES = ['ID', 'Id', 'AssertionID', 'id'];
const RESPONSE_CHILDREN = new Set([`${NS.assertion} Issuer`, `${NS.dsig} Signature`, `${NS.protocol} Extensions`, `${NS.protocol} Status`, `${NS.assertion} Assertion`, `${NS.assertion} EncryptedAssertion`]);

/** Checks nodes common to responses and decrypted assertions; returns all Signature elements. */
function scanDocument(doc: Document, root: Element): Element[] {
  for (let child = doc.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === NODE.PI && child === doc.firstChild && child.nodeName === 'xml') continue;
    if (child.nodeType === NODE.TEXT && (child.nodeValue ?? '').trim() === '') continue;
    if (child !== root) throw structure('content outside the root element');
  }
  const ids = new Set<string>();
  const signatures: Element[] = [];
  let assertions = 0;
  let responses = 0;
  visit(root, (node) => {
    if (node.nodeType === NODE.COMMENT) throw structure('comment node (comments are never emitted by IdPs and are refused)');
    if (node.nodeType === NODE.PI) throw new BridgeError('SAML_MALFORMED', { detail: 'processing instruction' });
    if (node.nodeType !== NODE.ELEMENT) return;
    const el = node as Element;
    for (const name of ID_ATTRIBUTES) {
      const value = attr(el, name);
      if (value === undefined) continue;
      if (ids.has(value)) throw structure(`duplicate ID ${value.slice(0, 64)}`);
      ids.add(value);
    }
    if (el.namespaceURI === NS.assertion && (el.localName === 'Assertion' || el.localName === 'EncryptedAssertion')) assertions++;
    if (el.namespaceURI === NS.protocol && el.localName === 'Response') responses++;
    if (el.namespaceURI === NS.dsig && el.localName === 'Signature') signatures.push(el);
  });
  if (assertions !== 1) throw structure(`${assertions} assertions in the document (exactly one is required)`);
  if (responses > 1) throw structure('more than one Response element');
  return signatures;
}

function checkSignatureShape(signature: Element): void {
  const parent = signature.parentNode as Element | null;
  const parentId = parent ? attr(parent, 'ID') : undefined;
  if (!parentId) throw structure('signed element has no ID');
  for (const child of childElements(signature)) {
    const ok = child.namespaceURI === NS.dsig && ['SignedInfo', 'SignatureValue', 'KeyInfo'].includes(child.localName);
    if (!ok) throw structure(`unexpected ${child.localName} in Signature`);
  }
  const signedInfos = children(signature, NS.dsig, 'SignedInfo');
  if (signedInfos.length !== 1) throw structure('Signature needs exactly one SignedInfo');
  if (children(signature, NS.dsig, 'SignatureValue').length !== 1) throw structure('Signature needs exactly one SignatureValue');
  const references = children(signedInfos[0]!, NS.dsig, 'Reference');
  if (references.length !== 1) throw structure('SignedInfo needs exactly one Reference');
  if (attr(references[0]!, 'URI') !== `#${parentId}`) throw structure('Reference does not name the signed element');
}

/** Response shape (before decryption and before verification). */
export function checkResponseShape(doc: Document): ResponseShape {
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== NS.protocol || response.localName !== 'Response') {
    throw new BridgeError('SAML_MALFORMED', { detail: `root is ${response?.localName ?? 'nothing'}, not samlp:Response` });
  }
  const signatures = scanDocument(doc, response);
  for (const child of childElements(response)) {
    if (!RESPONSE_CHILDREN.has(`${child.namespaceURI} ${child.localName}`)) throw structure(`unexpected ${child.localName} in Response`);
  }
  if (children(response, NS.protocol, 'Status').length !== 1) throw new BridgeError('SAML_MALFORMED', { detail: 'Response needs exactly one Status' });
  const assertion = optionalChild(response, NS.assertion, 'Assertion');
  const encryptedAssertion = optionalChild(response, NS.assertion, 'EncryptedAssertion');
  if (!assertion && !encryptedAssertion) throw structure('the assertion is not a direct child of the Response');
  const responseSignature = optionalChild(response, NS.dsig, 'Signature');
  const assertionSignature = assertion ? optionalChild(assertion, NS.dsig, 'Signature') : undefined;
  for (const signature of signatures) {
    if (signature !== responseSignature && signature !== assertionSignature) throw structure('Signature in an unexpected place');
    checkSignatureShape(signature);
  }
  return {
    response,
    ...(assertion ? { assertion } : {}),
    ...(encryptedAssertion ? { encryptedAssertion } : {}),
    ...(responseSignature ? { responseSignature } : {}),
    ...(assertionSignature ? { assertionSignature } : {}),
  };
}

/** Shape of a decrypted assertion document. */
export function checkAssertionShape(doc: Document): { assertion: Element; signature?: Element } {
  const assertion = doc.documentElement;
  if (!assertion || assertion.namespaceURI !== NS.assertion || assertion.localName !== 'Assertion') {
    throw new BridgeError('SAML_DECRYPTION_FAILED', { detail: 'decrypted content is not an Assertion' });
  }
  const signatures = scanDocument(doc, assertion);
  const signature = optionalChild(assertion, NS.dsig, 'Signature');
  for (const s of signatures) {
    if (s !== signature) throw structure('Signature in an unexpected place');
    checkSignatureShape(s);
  }
  return { assertion, ...(signature ? { signature } : {}) };
}

/** Algorithm allow-list for one signature (security.md §1.9, §1.13). */
export function checkSignatureAlgorithms(signature: Element, allowSha1: boolean): void {
  const signedInfo = children(signature, NS.dsig, 'SignedInfo')[0]!;
  const reject = (what: string, value: string | undefined) =>
    new BridgeError('SAML_ALGORITHM_REJECTED', { detail: `${what} ${String(value).slice(0, 120)}` });
  const c14n = children(signedInfo, NS.dsig, 'CanonicalizationMethod');
  if (c14n.length !== 1 || !CANONICALIZATIONS.has(attr(c14n[0]!, 'Algorithm') ?? '')) throw reject('canonicalization', c14n[0] && attr(c14n[0], 'Algorithm'));
  const method = children(signedInfo, NS.dsig, 'SignatureMethod');
  const sigAlg = method.length === 1 ? attr(method[0]!, 'Algorithm') ?? '' : '';
  if (!(SIGNATURE_ALGORITHMS.has(sigAlg) || (allowSha1 && sigAlg === SHA1_SIGNATURE))) throw reject('signature method', sigAlg);
  const reference = children(signedInfo, NS.dsig, 'Reference')[0]!;
  const transformsEl = optionalChild(reference, NS.dsig, 'Transforms');
  const transforms = transformsEl ? childElements(transformsEl) : [];
  if (transforms.length > 2) throw reject('transform count', String(transforms.length));
  for (const t of transforms) {
    if (t.namespaceURI !== NS.dsig || t.localName !== 'Transform' || !TRANSFORMS.has(attr(t, 'Algorithm') ?? '')) throw reject('transform', attr(t, 'Algorithm'));
    if (childElements(t).some((c) => c.localName !== 'InclusiveNamespaces')) throw reject('transform parameter', attr(t, 'Algorithm'));
  }
  const digest = children(reference, NS.dsig, 'DigestMethod');
  const digestAlg = digest.length === 1 ? attr(digest[0]!, 'Algorithm') ?? '' : '';
  if (!(DIGEST_ALGORITHMS.has(digestAlg) || (allowSha1 && digestAlg === SHA1_DIGEST))) throw reject('digest method', digestAlg);
}

/** Encryption algorithm allow-list (security.md §1.16); RetrievalMethod hints are refused. */
export function checkEncryptionAlgorithms(encryptedAssertion: Element): void {
  const reject = (detail: string) => new BridgeError('SAML_ALGORITHM_REJECTED', { detail });
  visit(encryptedAssertion, (node) => {
    if (node.nodeType !== NODE.ELEMENT) return;
    const el = node as Element;
    if (el.localName === 'RetrievalMethod') throw reject('KeyInfo RetrievalMethod');
    if (el.localName !== 'EncryptionMethod') return;
    const algorithm = attr(el, 'Algorithm') ?? '';
    const parent = (el.parentNode as Element | null)?.localName;
    if (parent === 'EncryptedKey') {
      if (!KEY_TRANSPORT_ALGORITHMS.has(algorithm)) throw reject(`key transport ${algorithm.slice(0, 120)}`);
    } else if (!DATA_ENCRYPTION_ALGORITHMS.has(algorithm)) {
      throw reject(`data encryption ${algorithm.slice(0, 120)}`);
    }
  });
}
