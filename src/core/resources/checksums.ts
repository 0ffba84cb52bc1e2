/**
 * @module core/resources/checksums — S3's full-object checksums (base64 of the big-endian digest).
 *
 * AWS "Checking object integrity in Amazon S3": CRC32, CRC32C, CRC64NVME, SHA1, SHA256, each
 * carried base64-encoded in `x-amz-checksum-<algorithm>`. CRC32 is zlib's (ISO-HDLC); CRC32C is
 * Castagnoli (reflected 0x82F63B78); CRC64NVME is the NVMe CRC (reflected 0x9A6C9329AC4BC9B5),
 * all with init and final XOR of all ones.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ChecksumAlgorithm } from './types.js';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const CRC64_POLY = 0x9a6c9329ac4bc9b5n;
const MASK64 = 0xffffffffffffffffn;
const CRC64_TABLE = (() => {
  const table: bigint[] = [];
  for (let n = 0n; n < 256n; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1n ? CRC64_POLY ^ (c >> 1n) : c >> 1n;
    table.push(c);
  }
  return table;
})();

function crc32c(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
}

function crc64nvme(data: Buffer): bigint {
  let c = MASK64;
  for (let i = 0; i < data.length; i++) c = CRC64_TABLE[Number((c ^ BigInt(data[i]!)) & 0xffn)]! ^ (c >> 8n);
  return (c ^ MASK64) & MASK64;
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** base64 checksum of `data` with `algorithm`. */
export function computeChecksum(algorithm: ChecksumAlgorithm, data: Buffer): string {
  switch (algorithm) {
    case 'CRC32':
      return u32(crc32(data)).toString('base64');
    case 'CRC32C':
      return u32(crc32c(data)).toString('base64');
    case 'CRC64NVME': {
      const out = Buffer.alloc(8);
      out.writeBigUInt64BE(crc64nvme(data));
      return out.toString('base64');
    }
    case 'SHA1':
      return createHash('sha1').update(data).digest('base64');
    case 'SHA256':
      return createHash('sha256').update(data).digest('base64');
  }
}

/** `x-amz-checksum-crc32` → `CRC32`, or undefined for anything else. */
export function checksumAlgorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/i.exec(name);
  return match ? (match[1]!.toUpperCase() as ChecksumAlgorithm) : undefined;
}

export function checksumHeaderOf(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** Quoted lower-hex MD5, S3's ETag of a single-part object. */
export function etagOf(data: Buffer): string {
  return `"${createHash('md5').update(data).digest('hex')}"`;
}
