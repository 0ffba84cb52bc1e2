/**
 * @module aws-query/render — Query protocol response envelopes in XML (default) or JSON (sts.md §1.4, §1.5).
 */

/**
 * A result member: text, a nested structure, a list (rendered as `<member>` elements) or a
 * string map (rendered as `<entry><key>…</key><value>…</value></entry>`, e.g. IAM's `EvalDecisionDetails`).
 */
export type QueryValue = string | number | boolean | Date | QueryStruct | QueryList | QueryMap | undefined;
export interface QueryStruct {
  readonly [member: string]: QueryValue;
}
export interface QueryList {
  readonly members: readonly QueryValue[];
}
export interface QueryMap {
  readonly entries: Readonly<Record<string, string>>;
}

// Only &, < and > are escaped, as AWS does, so apostrophes and quotes stay readable.
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** ISO-8601 without fractional seconds, as AWS emits `Expiration`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isList(value: QueryValue): value is QueryList {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && Array.isArray((value as QueryList).members);
}

function isMap(value: QueryValue): value is QueryMap {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && typeof (value as QueryMap).entries === 'object' && !Array.isArray((value as QueryMap).entries);
}

function toJson(value: QueryValue): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (isList(value)) return value.members.map(toJson);
  if (isMap(value)) return { ...value.entries };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = toJson(member);
    return out;
  }
  return value;
}

export type ResponseFormat = 'xml' | 'json';

export function wantsJson(accept: string | undefined): ResponseFormat {
  return accept && /application\/json/i.test(accept) && !/xml/i.test(accept) ? 'json' : 'xml';
}

export interface Rendered {
  readonly contentType: string;
  readonly body: string;
}

export function renderResult(format: ResponseFormat, namespace: string, action: string, result: QueryStruct | undefined, requestId: string): Rendered {
  if (format === 'json') {
    const body = { [`${action}Response`]: { [`${action}Result`]: toJson(result ?? {}), ResponseMetadata: { RequestId: requestId } } };
    return { contentType: 'application/json', body: JSON.stringify(body) };
  }
  const root = `${action}Response`;
  const body = `<${root} xmlns="${namespace}">${result ? element(`${action}Result`, result) : ''}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${root}>`;
  return { contentType: 'text/xml', body };
}

/**
 * One element, written directly: the same bytes fast-xml-parser's XMLBuilder produced (test/sts/
 * render-xml.test.ts compares both), at a fraction of its cost on every Query API answer.
 */
function element(name: string, value: QueryValue): string {
  if (value instanceof Date) return `<${name}>${isoSeconds(value)}</${name}>`;
  if (isList(value)) {
    let inner = '';
    for (const member of value.members) inner += element('member', member);
    return `<${name}>${inner}</${name}>`;
  }
  if (isMap(value)) {
    let inner = '';
    for (const key in value.entries) inner += `<entry><key>${escapeText(key)}</key><value>${escapeText(value.entries[key]!)}</value></entry>`;
    return `<${name}>${inner}</${name}>`;
  }
  if (typeof value === 'string') return `<${name}>${escapeText(value)}</${name}>`;
  if (typeof value === 'object') {
    let inner = '';
    for (const key in value) {
      const member = value[key];
      if (member !== undefined) inner += element(key, member);
    }
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${String(value)}</${name}>`;
}

export function renderError(
  format: ResponseFormat,
  namespace: string,
  error: { type: 'Sender' | 'Receiver'; code: string; message: string },
  requestId: string,
): Rendered {
  if (format === 'json') {
    return {
      contentType: 'application/json',
      body: JSON.stringify({ Error: { Code: error.code, Message: error.message, Type: error.type }, RequestId: requestId }),
    };
  }
  const body = `<ErrorResponse xmlns="${namespace}">${element('Error', { Type: error.type, Code: error.code, Message: error.message })}<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { contentType: 'text/xml', body };
}
