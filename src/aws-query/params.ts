/**
 * @module aws-query/params — AWS Query protocol parameters (sts.md §1.1).
 *
 * Parameters come from the query string and the form body, merged; order is not significant.
 * Lists are `Name.member.N` (strings) or `Name.member.N.Field` (structures), 1-based and
 * contiguous; an explicitly empty list is sent as the bare key (`Tags=`).
 */
import { BridgeError } from '../errors.js';

export class QueryParams {
  readonly #values: Map<string, string>;

  constructor(values: Map<string, string>) {
    this.#values = values;
  }

  static parse(rawQuery: string, formBody: string | undefined): QueryParams {
    const values = new Map<string, string>();
    for (const source of [rawQuery, formBody ?? '']) {
      // URLSearchParams decodes `+` as a space, as form encoding requires; SDKs percent-encode `+`.
      for (const [key, value] of new URLSearchParams(source)) {
        if (values.has(key) && values.get(key) !== value) {
          throw new BridgeError('VALIDATION', { message: `Parameter ${key.slice(0, 64)} was given more than once with different values.` });
        }
        values.set(key, value);
      }
    }
    return new QueryParams(values);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  names(): IterableIterator<string> {
    return this.#values.keys();
  }

  /** `Name.member.N`; undefined when the list is absent. */
  stringList(name: string): string[] | undefined {
    return this.#collect(name, (prefix) => this.#values.get(prefix));
  }

  /** `Name.member.N.Field…`; undefined when the list is absent. */
  structList<F extends string>(name: string, fields: readonly F[]): Array<Partial<Record<F, string>>> | undefined {
    return this.#collect(name, (prefix) => {
      const item: Partial<Record<F, string>> = {};
      let found = false;
      for (const field of fields) {
        const value = this.#values.get(`${prefix}.${field}`);
        if (value !== undefined) {
          item[field] = value;
          found = true;
        }
      }
      return found ? item : undefined;
    });
  }

  #collect<T>(name: string, read: (prefix: string) => T | undefined): T[] | undefined {
    const memberPrefix = `${name}.member.`;
    const indices = new Set<number>();
    for (const key of this.#values.keys()) {
      if (!key.startsWith(memberPrefix)) continue;
      const index = Number(key.slice(memberPrefix.length).split('.')[0]);
      if (!Number.isInteger(index) || index < 1) {
        throw new BridgeError('VALIDATION', { message: `Invalid list index in parameter ${key.slice(0, 64)}.` });
      }
      indices.add(index);
    }
    if (indices.size === 0) return this.#values.has(name) ? [] : undefined;
    const items: T[] = [];
    for (let i = 1; i <= indices.size; i++) {
      if (!indices.has(i)) throw new BridgeError('VALIDATION', { message: `List ${name} must be numbered from 1 without gaps.` });
      const item = read(`${memberPrefix}${i}`);
      if (item === undefined) throw new BridgeError('VALIDATION', { message: `List ${name} member ${i} is incomplete.` });
      items.push(item);
    }
    return items;
  }
}

/** Integer parameter in decimal text; anything else is a ValidationError naming the member. */
export function parseInteger(member: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d{1,15}$/.test(text)) {
    throw new BridgeError('VALIDATION', {
      message: `1 validation error detected: Value '${text.slice(0, 32)}' at '${member}' failed to satisfy constraint: Member must be an integer`,
    });
  }
  return Number(text);
}
