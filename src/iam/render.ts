/**
 * @module iam/render — IAM Query API result envelopes, XML (default) or JSON.
 *
 * The shared codec (`aws-query/`) renders structures and `<member>` lists; IAM results also hold
 * maps (`EvalDecisionDetails`), which the Query protocol renders as
 * `<entry><key>…</key><value>…</value></entry>`. This module adds that one shape and otherwise
 * follows `aws-query/render` (same escaping, same JSON variant). Errors use `renderError` from
 * `aws-query/` directly.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { ResponseFormat, Rendered } from '../aws-query/index.js';

export type IamValue = string | number | boolean | IamStruct | IamList | IamMap | undefined;
export interface IamStruct {
  readonly [member: string]: IamValue;
}
export interface IamList {
  readonly members: readonly IamValue[];
}
export interface IamMap {
  readonly entries: Readonly<Record<string, string>>;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false, processEntities: false });

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function isList(value: IamValue): value is IamList {
  return typeof value === 'object' && Array.isArray((value as IamList).members);
}

function isMap(value: IamValue): value is IamMap {
  return typeof value === 'object' && typeof (value as IamMap).entries === 'object' && !Array.isArray((value as IamMap).entries);
}

function toXml(value: IamValue): unknown {
  if (isList(value)) return value.members.length === 0 ? '' : { member: value.members.map(toXml) };
  if (isMap(value)) {
    const entries = Object.entries(value.entries).map(([key, v]) => ({ key: escapeText(key), value: escapeText(v) }));
    return entries.length === 0 ? '' : { entry: entries };
  }
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = toXml(member);
    return out;
  }
  return String(value);
}

function toJson(value: IamValue): unknown {
  if (isList(value)) return value.members.map(toJson);
  if (isMap(value)) return { ...value.entries };
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = toJson(member);
    return out;
  }
  return value;
}

export function renderIamResult(format: ResponseFormat, namespace: string, action: string, result: IamStruct, requestId: string): Rendered {
  if (format === 'json') {
    const body = { [`${action}Response`]: { [`${action}Result`]: toJson(result), ResponseMetadata: { RequestId: requestId } } };
    return { contentType: 'application/json', body: JSON.stringify(body) };
  }
  const doc = {
    [`${action}Response`]: {
      '@_xmlns': namespace,
      [`${action}Result`]: toXml(result),
      ResponseMetadata: { RequestId: requestId },
    },
  };
  return { contentType: 'text/xml', body: builder.build(doc) as string };
}
