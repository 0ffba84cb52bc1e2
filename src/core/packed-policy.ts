/**
 * @module core/packed-policy — the packed size of session policies and tags (sts.md §2, §3.5).
 *
 * AWS packs the inline policy, managed policy ARNs and session tags into a compressed binary
 * blob with its own budget and reports the share used as `PackedPolicySize` (percent). rolegate
 * approximates the packing with raw DEFLATE of the same data against a 2048-byte budget; past
 * 100 % the request fails with `PackedPolicyTooLarge`, as on AWS.
 */
import { deflateRawSync } from 'node:zlib';
import { BridgeError } from '../errors.js';
import type { SessionTag } from './validation.js';

const PACKED_BUDGET_BYTES = 2048;

export function packedPolicyPercent(policyText: string | undefined, policyArns: readonly string[], tags: readonly SessionTag[]): number {
  const minified = policyText ? JSON.stringify(JSON.parse(policyText)) : '';
  const packed = [minified, ...policyArns, ...tags.map((t) => `${t.key}\u0000${t.value}`)].join('\u0001');
  const size = deflateRawSync(Buffer.from(packed, 'utf8')).length;
  return Math.max(1, Math.ceil((100 * size) / PACKED_BUDGET_BYTES));
}

export function assertPackedSize(percent: number, hasTags: boolean): void {
  if (percent > 100) {
    const what = hasTags ? 'session tags' : 'session policies';
    throw new BridgeError('PACKED_POLICY_TOO_LARGE', { message: `Packed size of ${what} consumes ${percent}% of allotted space.` });
  }
}
