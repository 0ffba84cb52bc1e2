/**
 * @module core/resources/types — the simulated S3 resources: buckets from configuration, objects at runtime.
 */
import type { NamedPolicy } from '../../policy/index.js';

/** An object given in the configuration (its initial content). */
export interface BucketObjectSeed {
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
}

export interface Bucket {
  /** Globally unique bucket name. */
  readonly name: string;
  /** Owning account id. */
  readonly account: string;
  /** `arn:aws:s3:::NAME`. */
  readonly arn: string;
  /** The bucket policy (a resource-based policy), if any. */
  readonly policy?: NamedPolicy;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch ms (ListBuckets `CreationDate`, Last-Modified of the initial objects). */
  readonly creationDate: number;
  readonly objects: readonly BucketObjectSeed[];
}

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** What is known about a stored object (everything but its bytes). */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  /** Quoted lower-hex MD5 of the content, as S3 sends it: `"9b2cf535f27731c974343645a3985328"`. */
  readonly etag: string;
  /** Epoch ms. */
  readonly lastModified: number;
  readonly contentType: string;
  /** User metadata (`x-amz-meta-*`), names lower-case without the prefix. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Full-object checksum (base64), as uploaded or computed (CRC32). */
  readonly checksum: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

export interface StoredObject {
  readonly info: ObjectInfo;
  readonly body: Buffer;
}
