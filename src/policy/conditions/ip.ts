/**
 * @module policy/conditions/ip — IpAddress / NotIpAddress.
 *
 * IAM User Guide, "Condition operators › IP address": values use "the standard CIDR format
 * (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64)"; "If you specify an IP address
 * without the associated routing prefix, IAM uses the default prefix value of /32" (and /128 for
 * IPv6). No wildcards, no policy variables. IPv4 and IPv6 never match each other.
 */
import { parseAll } from './spec.js';
import type { OperatorSpec } from './spec.js';

/** IPv4 blocks use unsigned 32-bit numbers (fast path); IPv6 blocks use bigint. */
export type Cidr =
  | { readonly v6: false; readonly network: number; readonly mask: number }
  | { readonly v6: true; readonly network: bigint; readonly mask: bigint };

export type Address = { readonly v6: false; readonly value: number } | { readonly v6: true; readonly value: bigint };

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** Dotted-quad IPv4 as an unsigned number; hand-parsed because it runs per request. */
function parseV4(text: string): number | undefined {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 0x2e && digits > 0 && dots < 3) {
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? n * 256 + octet : undefined;
}

function parseHextets(text: string): bigint[] | undefined {
  if (text === '') return [];
  const out: bigint[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4(part); // embedded IPv4 tail, e.g. ::ffff:192.0.2.1
      if (v4 === undefined) return undefined;
      out.push(BigInt(v4 >>> 16), BigInt(v4 & 0xffff));
    } else if (HEXTET.test(part)) out.push(BigInt(`0x${part}`));
    else return undefined;
  }
  return out;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseHextets(halves[0] as string);
  const tail = halves.length === 2 ? parseHextets(halves[1] as string) : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  let n = 0n;
  for (const h of [...head, ...new Array<bigint>(fill).fill(0n), ...tail]) n = (n << 16n) | h;
  return n;
}

/** A bare address, or undefined. */
export function parseAddress(text: string): Address | undefined {
  const t = text.trim();
  const v4 = parseV4(t);
  if (v4 !== undefined) return { v6: false, value: v4 };
  if (!t.includes(':')) return undefined;
  const v6 = parseV6(t);
  return v6 === undefined ? undefined : { v6: true, value: v6 };
}

/** A CIDR block (bare address = /32 or /128); host bits are masked off. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const parsed = parseAddress(addr);
  if (parsed === undefined) return undefined;
  const bits = parsed.v6 ? 128 : 32;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  if (!parsed.v6) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { v6: false, network: (parsed.value & mask) >>> 0, mask };
  }
  const all = (1n << 128n) - 1n;
  const mask = prefix === 0 ? 0n : (all >> BigInt(128 - prefix)) << BigInt(128 - prefix);
  return { v6: true, network: parsed.value & mask, mask };
}

function inBlock(a: Address, b: Cidr): boolean {
  if (!a.v6) return !b.v6 && ((a.value & b.mask) >>> 0) === b.network;
  return b.v6 && (a.value & b.mask) === b.network;
}

function ipSpec(name: string, negated: boolean): OperatorSpec {
  return {
    name,
    negated,
    variables: false,
    valueKind: 'IP address',
    expect: (l) => `an address in ${negated ? 'none of' : 'one of'} ${l}`,
    compile: (values) => {
      const blocks = parseAll(values, parseCidr, 'IP address or CIDR block');
      return (requestValue) => {
        const a = parseAddress(requestValue);
        if (a === undefined) return undefined;
        return blocks.some((b) => inBlock(a, b));
      };
    },
  };
}

export const IP_OPERATORS: readonly OperatorSpec[] = [ipSpec('IpAddress', false), ipSpec('NotIpAddress', true)];
