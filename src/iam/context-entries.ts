/**
 * @module iam/context-entries — `ContextEntries.member.N.{ContextKeyName, ContextKeyValues.member.M, ContextKeyType}`.
 *
 * ContextKeyType is one of the model's enum (`string`, `stringList`, `numeric`, `numericList`,
 * `boolean`, `booleanList`, `ip`, `ipList`, `binary`, `binaryList`, `date`, `dateList`). Values
 * are checked against their type, so a typo is an `InvalidInput` and never a silent mismatch:
 * numbers are decimal, booleans `true`/`false` (any case, passed on lower-cased), ips an IPv4 or
 * IPv6 address or CIDR, binaries base64, dates ISO 8601 or epoch seconds. A scalar type takes
 * exactly one value; a list type any number (none = the key is absent, as the engine treats an
 * empty multi-valued key). Key names are unique ignoring case (condition keys are
 * case-insensitive).
 */
import { isIP } from 'node:net';
import type { QueryParams } from '../aws-query/index.js';
import { checkLength, validationError } from '../core/index.js';
import type { ContextValue } from '../policy/index.js';

export const CONTEXT_KEY_TYPES = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
] as const;
export type ContextKeyType = (typeof CONTEXT_KEY_TYPES)[number];

/** rolegate limits (the model sets none): keep one request's work bounded. */
export const MAX_CONTEXT_ENTRIES = 500;
export const MAX_CONTEXT_VALUES = 500;

const NUMERIC = /^-?\d{1,30}(\.\d{1,30})?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const EPOCH = /^\d{1,12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function validIp(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return isIP(value) !== 0;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  const family = isIP(address);
  if (family === 0 || !/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function normalise(type: ContextKeyType, value: string): string | undefined {
  const base = type.replace(/List$/, '');
  switch (base) {
    case 'numeric':
      return NUMERIC.test(value) ? value : undefined;
    case 'boolean':
      return /^(true|false)$/i.test(value) ? value.toLowerCase() : undefined;
    case 'ip':
      return validIp(value) ? value : undefined;
    case 'binary':
      return value.length > 0 && BASE64.test(value) ? value : undefined;
    case 'date':
      return EPOCH.test(value) || (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) ? value : undefined;
    default:
      return value;
  }
}

const ENTRY_KEY = /^ContextEntries\.member\.(\d{1,6})\.(ContextKeyName|ContextKeyType|ContextKeyValues)(?:\.member\.(\d{1,6}))?$/;

interface RawEntry {
  name?: string;
  type?: string;
  values: Map<number, string>;
}

function shown(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/** Reads and checks the context entries as condition-context values (`{}` when there are none). */
export function parseContextEntries(params: QueryParams): Record<string, ContextValue> {
  const raw = new Map<number, RawEntry>();
  let sawList = params.has('ContextEntries');
  for (const name of params.names()) {
    if (!name.startsWith('ContextEntries.')) continue;
    sawList = true;
    const m = ENTRY_KEY.exec(name);
    if (!m) throw validationError(`Invalid parameter ${shown(name)}.`);
    const index = Number(m[1]);
    if (index < 1) throw validationError(`Invalid list index in parameter ${shown(name)}.`);
    if (raw.size >= MAX_CONTEXT_ENTRIES && !raw.has(index)) {
      throw validationError(`ContextEntries may have at most ${MAX_CONTEXT_ENTRIES} members.`);
    }
    const entry = raw.get(index) ?? { values: new Map<number, string>() };
    raw.set(index, entry);
    const value = params.get(name) ?? '';
    if (m[2] === 'ContextKeyName' && m[3] === undefined) entry.name = value;
    else if (m[2] === 'ContextKeyType' && m[3] === undefined) entry.type = value;
    else if (m[2] === 'ContextKeyValues') {
      if (m[3] === undefined) continue; // an explicitly empty list (`…ContextKeyValues=`)
      const at = Number(m[3]);
      if (at < 1) throw validationError(`Invalid list index in parameter ${shown(name)}.`);
      if (entry.values.size >= MAX_CONTEXT_VALUES) {
        throw validationError(`ContextEntries.member.${index}.ContextKeyValues may have at most ${MAX_CONTEXT_VALUES} members.`);
      }
      entry.values.set(at, value);
    } else throw validationError(`Invalid parameter ${shown(name)}.`);
  }
  const context: Record<string, ContextValue> = {};
  if (!sawList) return context;
  const seen = new Set<string>();
  for (let i = 1; i <= raw.size; i++) {
    const entry = raw.get(i);
    if (!entry) throw validationError('List ContextEntries must be numbered from 1 without gaps.');
    const member = `contextEntries.${i}.member`;
    if (entry.name === undefined) {
      throw validationError(`1 validation error detected: Value null at '${member}.contextKeyName' failed to satisfy constraint: Member must not be null`);
    }
    checkLength(`${member}.contextKeyName`, entry.name, 5, 256);
    if (!/^[^\s:]+:\S.*$/.test(entry.name)) {
      throw validationError(`Context key name ${shown(entry.name)} must be of the form prefix:name, e.g. aws:SourceIp.`);
    }
    if (entry.type === undefined) {
      throw validationError(`1 validation error detected: Value null at '${member}.contextKeyType' failed to satisfy constraint: Member must not be null`);
    }
    const type = entry.type as ContextKeyType;
    if (!CONTEXT_KEY_TYPES.includes(type)) {
      throw validationError(
        `1 validation error detected: Value '${shown(entry.type)}' at '${member}.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [${CONTEXT_KEY_TYPES.join(', ')}]`,
      );
    }
    const values: string[] = [];
    for (let j = 1; j <= entry.values.size; j++) {
      const value = entry.values.get(j);
      if (value === undefined) throw validationError(`List ${member}.contextKeyValues must be numbered from 1 without gaps.`);
      const normal = normalise(type, value);
      if (normal === undefined) {
        throw validationError(`Context key ${shown(entry.name)}: value '${shown(value)}' is not a valid ${type.replace(/List$/, '')}.`);
      }
      values.push(normal);
    }
    const lower = entry.name.toLowerCase();
    if (seen.has(lower)) throw validationError(`Context key ${shown(entry.name)} is given more than once.`);
    seen.add(lower);
    if (type.endsWith('List')) {
      context[entry.name] = values;
    } else {
      if (values.length !== 1) {
        throw validationError(`Context key ${shown(entry.name)} of type ${type} takes exactly one value; use ${type}List for several.`);
      }
      context[entry.name] = values[0] as string;
    }
  }
  return context;
}
