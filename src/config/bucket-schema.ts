/**
 * @module config/bucket-schema — simulated S3 buckets in an account file (`buckets[]`).
 *
 * ```json
 * "buckets": [{
 *   "name": "production-reports",
 *   "bucketPolicy": { "Version": "2012-10-17", "Statement": [ … ] },
 *   "objects": { "2026/q1.csv": { "content": "quarter,revenue\n", "contentType": "text/csv" } },
 *   "tags": { "environment": "production" }
 * }]
 * ```
 * Bucket names follow S3's general-purpose naming rules and are unique across all accounts (as on
 * AWS). The bucket policy is parsed by the policy engine (kind `resource`) at load time; object
 * contents are UTF-8 text (`content`) or base64 (`contentBase64`), at most 5 MiB each.
 */
import { z } from 'zod';

/** S3 "General purpose bucket naming rules" (no dots-in-a-row, not an IP address, no reserved prefixes/suffixes). */
export const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit')
  .refine((name) => !name.includes('..'), 'must not contain two adjacent periods')
  .refine((name) => !/^\d+\.\d+\.\d+\.\d+$/.test(name), 'must not be formatted as an IP address')
  .refine((name) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) && !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name), 'uses a prefix or suffix reserved by S3');

const tagMap = z.record(
  z.string().min(1).max(128).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'invalid tag key'),
  z.string().max(256),
);

export const bucketObjectSchema = z
  .strictObject({
    /** UTF-8 text content. */
    content: z.string().optional(),
    /** Binary content, base64. */
    contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64').optional(),
    contentType: z.string().min(1).max(256).optional(),
  })
  .refine((o) => (o.content === undefined) !== (o.contentBase64 === undefined), 'give exactly one of content or contentBase64');

export const bucketSchema = z.strictObject({
  name: bucketName,
  /** A bucket policy (resource-based policy): Principal required, Resource must name this bucket. */
  bucketPolicy: z.record(z.string(), z.unknown()).optional(),
  /** Initial objects by key (1-1024 bytes of UTF-8). PutObject/DeleteObject changes are kept in the store. */
  objects: z
    .record(z.string().min(1).refine((key) => Buffer.byteLength(key, 'utf8') <= 1024, 'object keys are at most 1024 bytes'), bucketObjectSchema)
    .default({}),
  tags: tagMap.default({}),
  /** ISO-8601 creation date shown by ListBuckets (default 2024-01-01T00:00:00Z). */
  creationDate: z.iso.datetime().optional(),
});

export type BucketConfig = z.infer<typeof bucketSchema>;
