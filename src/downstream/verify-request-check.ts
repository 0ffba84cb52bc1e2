/**
 * @module downstream/verify-request-check — a hand-written accept check for `POST /verify` bodies.
 *
 * The zod schema in `verify.ts` stays the definition; running it cost ≈ 6–7 µs of a ≈ 45 µs
 * verification. This check accepts only bodies the schema accepts (same keys, types, lengths,
 * patterns, counts, the one-of rule) and fills the same defaults; anything it does not accept
 * — valid or not — goes to the schema, which gives the error message. So it never widens what
 * is accepted and the errors stay the schema's (test/downstream/verify-request-check.test.ts
 * compares both on valid and mutated bodies).
 */
import type { VerifyRequest } from './verify.js';

const TOP_KEYS = new Set(['request', 'token', 'service', 'action', 'resource', 'resourceAccount', 'resourcePolicy', 'context']);
const REQUEST_KEYS = new Set(['method', 'path', 'query', 'headers', 'bodySha256']);
const METHOD = /^[A-Z]{3,10}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const SERVICE = /^[a-z0-9-]{1,64}$/;
const ACTION = /^[A-Za-z0-9-]{1,64}:[A-Za-z0-9*?]{1,128}$/;
const ACCOUNT = /^\d{12}$/;

type Json = Record<string, unknown>;

// An own `__proto__` key (JSON.parse makes one) is left out by zod's records: such a body goes to the schema.
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype && !Object.hasOwn(value, '__proto__');
const isString = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && value.length >= min && value.length <= max;

function onlyKeys(value: Json, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

/** A record of string keys (≤ keyMax) to a string or an array of strings, each ≤ valueMax, at most 100 keys. */
function isStringRecord(value: unknown, keyMax: number, valueMax: number, arrayMax: number): boolean {
  if (!isObject(value)) return false;
  let count = 0;
  for (const key in value) {
    if (++count > 100 || key.length > keyMax) return false;
    const item = value[key];
    if (typeof item === 'string') {
      if (item.length > valueMax) return false;
    } else if (Array.isArray(item)) {
      if (item.length > arrayMax) return false;
      for (const element of item) if (!isString(element, 0, valueMax)) return false;
    } else {
      return false;
    }
  }
  return true;
}

function isService(value: unknown): boolean {
  if (typeof value === 'string') return SERVICE.test(value);
  if (!Array.isArray(value) || value.length < 1 || value.length > 10) return false;
  return value.every((name) => typeof name === 'string' && SERVICE.test(name));
}

function checkedRequest(value: unknown): VerifyRequest['request'] | undefined {
  if (!isObject(value) || !onlyKeys(value, REQUEST_KEYS)) return undefined;
  const { method, path, query, headers, bodySha256 } = value;
  if (typeof method !== 'string' || !METHOD.test(method)) return undefined;
  if (!isString(path, 1, 4096) || !path.startsWith('/')) return undefined;
  if (query !== undefined && !isString(query, 0, 16_384)) return undefined;
  if (!isStringRecord(headers, 256, 16_384, 32)) return undefined;
  if (bodySha256 !== undefined && (typeof bodySha256 !== 'string' || !SHA256_HEX.test(bodySha256))) return undefined;
  return { ...(value as Omit<NonNullable<VerifyRequest['request']>, 'query'>), query: (query as string | undefined) ?? '' };
}

/** The parsed body when the schema would certainly accept it; undefined to let the schema decide. */
export function acceptVerifyRequest(body: unknown): VerifyRequest | undefined {
  if (!isObject(body) || !onlyKeys(body, TOP_KEYS)) return undefined;
  const { request, token, service, action, resource, resourceAccount, resourcePolicy, context } = body;
  if ((request === undefined) === (token === undefined)) return undefined;
  const checked = request === undefined ? undefined : checkedRequest(request);
  if (request !== undefined && checked === undefined) return undefined;
  if (token !== undefined && !isString(token, 16, 4096)) return undefined;
  if (service !== undefined && !isService(service)) return undefined;
  if (typeof action !== 'string' || !ACTION.test(action)) return undefined;
  if (!isString(resource, 1, 2048)) return undefined;
  if (resourceAccount !== undefined && (typeof resourceAccount !== 'string' || !ACCOUNT.test(resourceAccount))) return undefined;
  if (resourcePolicy !== undefined && !isString(resourcePolicy, 0, 20_480) && !isObject(resourcePolicy)) return undefined;
  if (context !== undefined && !isStringRecord(context, 256, 2048, 100)) return undefined;
  return { ...(body as VerifyRequest), ...(checked ? { request: checked } : {}), service: (service as VerifyRequest['service'] | undefined) ?? 'execute-api' };
}
