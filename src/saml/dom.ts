/**
 * @module saml/dom — namespace-bound DOM helpers. Every read is a walk over direct children with
 * an exact namespace and local name; no document-wide search is ever used to find a value
 * (security.md §1.1, check 5).
 */
import { parseDomFromString } from '@node-saml/node-saml/lib/xml.js';
import { BridgeError } from '../errors.js';

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const COMMENT = 8;

export async function parseXml(xml: string): Promise<Document> {
  try {
    return await parseDomFromString(xml);
  } catch (error) {
    throw new BridgeError('SAML_MALFORMED', { detail: `XML parse error: ${(error as Error).message.slice(0, 200)}` });
  }
}

export function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.nodeType === ELEMENT) out.push(child as Element);
  return out;
}

export function children(node: Node, ns: string, local: string): Element[] {
  return childElements(node).filter((e) => e.namespaceURI === ns && e.localName === local);
}

/** At most one such child (undefined when absent); more than one is a structure error. */
export function optionalChild(node: Node, ns: string, local: string): Element | undefined {
  const found = children(node, ns, local);
  if (found.length > 1) throw new BridgeError('SAML_STRUCTURE_INVALID', { detail: `more than one ${local}` });
  return found[0];
}

export function requiredChild(node: Node, ns: string, local: string, code: 'SAML_MALFORMED' | 'SAML_SUBJECT_INVALID' = 'SAML_MALFORMED'): Element {
  const found = optionalChild(node, ns, local);
  if (!found) throw new BridgeError(code, { detail: `missing ${local}` });
  return found;
}

/** The whole text of an element: every text node concatenated (never `firstChild.nodeValue`, §1.2). */
export function textOf(element: Element): string {
  let out = '';
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT || child.nodeType === CDATA) out += child.nodeValue ?? '';
      else if (child.nodeType === ELEMENT) walk(child);
    }
  };
  walk(element);
  return out.trim();
}

export function attr(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? element.getAttribute(name) ?? undefined : undefined;
}

/** Visits every node below `root` iteratively (deep trees cannot exhaust the stack). */
export function visit(root: Node, onNode: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    onNode(node);
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
  }
}

export const NODE = { ELEMENT, TEXT, CDATA, PI, COMMENT } as const;
