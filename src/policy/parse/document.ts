/**
 * @module policy/parse/document — parsePolicy: IAM JSON text (or value) → validated PolicyDocument.
 *
 * IAM JSON policy grammar: top-level elements `Version`, `Id`, `Statement` only.
 * - `Version`: "2012-10-17" or "2008-10-17"; omitted behaves like 2008-10-17 (policy variables
 *   are then literal text).
 * - `Statement`: one statement object or an array of them.
 * - `Sid` values are unique within the policy.
 * - Size limits (IAM User Guide, "IAM and AWS STS quotas"): "IAM doesn't count white space when
 *   calculating the size of a policy against these limits." Managed policy 6,144 characters; role
 *   trust policy 2,048 (default quota); session policies 2,048. We drop JSON whitespace outside
 *   string literals; whitespace inside a string is content.
 */
import { compiledPolicy } from '../compile.js';
import type { PolicyDocument, PolicyKind, Statement } from '../types.js';
import { indexPath, isPlainObject, malformed } from './values.js';
import { parseStatement } from './statement.js';
import { parseStrictJson } from './strict-json.js';

export const DEFAULT_MAX_SIZE: Readonly<Record<PolicyKind, number>> = {
  identity: 6144,
  boundary: 6144,
  resource: 6144,
  trust: 2048,
  session: 2048,
};

/** Number of characters of a JSON text, not counting whitespace outside string literals. */
export function policySizeWithoutWhitespace(text: string): number {
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      size++;
      if (c === 0x5c /* \ */) {
        i++;
        if (i < text.length) size++;
      } else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
      size++;
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) size++;
  }
  return size;
}

export interface ParseOptions {
  /** Overrides the default size limit of the kind (characters, whitespace not counted). */
  readonly maxSize?: number;
}

const KINDS: readonly PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'session'];
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const KIND_LABEL: Readonly<Record<PolicyKind, string>> = {
  identity: 'identity policies',
  resource: 'resource policies',
  trust: 'trust policies',
  boundary: 'permissions boundaries',
  session: 'session policies',
};

export function parsePolicy(input: string | unknown, kind: PolicyKind, options: ParseOptions = {}): PolicyDocument {
  if (!KINDS.includes(kind)) throw new TypeError(`parsePolicy: unknown policy kind ${String(kind)}`);
  const source = typeof input === 'string' ? input : JSON.stringify(input);
  if (source === undefined) throw malformed('', 'document must be a JSON object');
  const limit = options.maxSize ?? DEFAULT_MAX_SIZE[kind];
  const size = policySizeWithoutWhitespace(source);
  if (size > limit) {
    throw malformed('', `document is ${size} characters (whitespace not counted), which exceeds the ${limit} character limit for ${KIND_LABEL[kind]}`);
  }
  const value = typeof input === 'string' ? parseStrictJson(input) : input;
  if (!isPlainObject(value)) throw malformed('', 'document must be a JSON object');
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL.has(key)) throw malformed('', `unknown element ${JSON.stringify(key)}`);
  }

  let version: PolicyDocument['version'] = '2008-10-17';
  if (value.Version !== undefined) {
    if (value.Version !== '2012-10-17' && value.Version !== '2008-10-17') throw malformed('Version', 'must be "2012-10-17" or "2008-10-17"');
    version = value.Version;
  }
  if (value.Id !== undefined && typeof value.Id !== 'string') throw malformed('Id', 'must be a string');
  const id = value.Id as string | undefined;

  const raw = value.Statement;
  if (raw === undefined) throw malformed('Statement', 'is required');
  const list: unknown[] = Array.isArray(raw) ? raw : isPlainObject(raw) ? [raw] : [];
  if (!Array.isArray(raw) && !isPlainObject(raw)) throw malformed('Statement', 'must be an object or an array of objects');
  if (list.length === 0) throw malformed('Statement', 'must contain at least one statement');

  const statements: Statement[] = [];
  const sids = new Set<string>();
  list.forEach((item, index) => {
    const path = indexPath('Statement', index);
    const statement = parseStatement(item, index, kind, path);
    if (statement.sid !== undefined) {
      if (sids.has(statement.sid)) throw malformed(`${path}.Sid`, `duplicate Sid ${JSON.stringify(statement.sid)}`);
      sids.add(statement.sid);
    }
    statements.push(statement);
  });

  const doc: PolicyDocument = Object.freeze({ kind, version, id, statements: Object.freeze(statements), source });
  compiledPolicy(doc); // validates condition values and warms the compiled form
  return doc;
}
