/**
 * @module core/resources/authorize-s3 — the one S3 authorization decision.
 *
 * Used by the S3-compatible service (src/s3) and by the console's resource pages, so both agree on
 * every decision. It maps an S3 operation to what IAM evaluates (AWS "Actions, resources, and
 * condition keys for Amazon S3"):
 * - the action (`S3_OPERATION_ACTIONS`: HeadObject is `s3:GetObject`, ListObjectsV2 and HeadBucket
 *   are `s3:ListBucket`, ListBuckets is `s3:ListAllMyBuckets`);
 * - the resource ARN: `arn:aws:s3:::bucket` for bucket actions, `arn:aws:s3:::bucket/key` for
 *   object actions, `*` for ListAllMyBuckets;
 * - the resource account (the bucket's owner) and the bucket policy as the resource-based policy,
 *   so the engine applies same-account (identity OR bucket policy) and cross-account (identity AND
 *   bucket policy) logic;
 * - condition keys: the caller's global keys, `aws:ResourceAccount`, `aws:ResourceTag/*` (the
 *   bucket's tags — a rolegate decision: S3 ABAC on bucket tags), and the request's S3 keys given by
 *   the caller (`s3:prefix`, `s3:delimiter`, `s3:max-keys`, `s3:authType`, `s3:signatureversion`,
 *   `s3:signatureAge`, `s3:x-amz-content-sha256`, …).
 * An unknown bucket is NoSuchBucket whoever asks (S3 answers 404 before authorization).
 */
import { BridgeError } from '../../errors.js';
import type { Decision } from '../../policy/index.js';
import type { Caller } from '../caller.js';
import type { RequestEnvironment } from '../request-context.js';
import type { StsServices } from '../services.js';
import type { Bucket } from './types.js';

export type S3Action = 's3:ListAllMyBuckets' | 's3:ListBucket' | 's3:GetBucketLocation' | 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

export type S3Operation =
  | 'ListBuckets'
  | 'ListObjectsV2'
  | 'ListObjects'
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'GetObject'
  | 'HeadObject'
  | 'PutObject'
  | 'DeleteObject';

/** The IAM action each supported S3 operation is authorized as. */
export const S3_OPERATION_ACTIONS: Readonly<Record<S3Operation, S3Action>> = {
  ListBuckets: 's3:ListAllMyBuckets',
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  DeleteObject: 's3:DeleteObject',
};

const OBJECT_ACTIONS: ReadonlySet<S3Action> = new Set(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);

export interface S3AuthorizationInput {
  readonly action: S3Action;
  /** Required for every action but `s3:ListAllMyBuckets`. */
  readonly bucket?: string;
  /** Required for object actions. */
  readonly key?: string;
  readonly env: RequestEnvironment;
  /** S3 request condition keys (`s3:prefix`, `s3:max-keys`, `s3:authType`, …), as strings. */
  readonly requestContext?: Readonly<Record<string, string>>;
}

export function s3ResourceArn(bucket: string, key?: string): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}

/** The bucket, or NoSuchBucket. */
export function requireBucket(services: Pick<StsServices, 'directory'>, name: string): Bucket {
  const bucket = services.directory.bucket(name);
  if (!bucket) throw new BridgeError('NO_SUCH_BUCKET', { detail: `bucket ${name.slice(0, 80)}`, extra: { bucketName: name } });
  return bucket;
}

/** What ListBuckets shows a caller: the buckets its own account owns (as on AWS; buckets of other accounts shared by a bucket policy are not listed). */
export function bucketsListedFor(services: Pick<StsServices, 'directory'>, caller: Caller): readonly Bucket[] {
  return services.directory.bucketsOf(caller.account);
}

export function authorizeS3(services: Pick<StsServices, 'directory' | 'authorizer'>, caller: Caller, input: S3AuthorizationInput): Decision {
  if (input.action === 's3:ListAllMyBuckets') {
    return services.authorizer.authorize({
      caller,
      action: input.action,
      resource: '*',
      resourceAccount: caller.account,
      env: input.env,
      context: { 'aws:ResourceAccount': caller.account, ...input.requestContext },
    });
  }
  if (input.bucket === undefined) throw new TypeError(`authorizeS3: ${input.action} needs a bucket`);
  const isObjectAction = OBJECT_ACTIONS.has(input.action);
  if (isObjectAction && input.key === undefined) throw new TypeError(`authorizeS3: ${input.action} needs a key`);
  const bucket = requireBucket(services, input.bucket);
  const context: Record<string, string> = { 'aws:ResourceAccount': bucket.account };
  for (const [tag, value] of Object.entries(bucket.tags)) context[`aws:ResourceTag/${tag}`] = value;
  return services.authorizer.authorize({
    caller,
    action: input.action,
    resource: s3ResourceArn(bucket.name, isObjectAction ? input.key : undefined),
    resourceAccount: bucket.account,
    ...(bucket.policy ? { resourcePolicy: bucket.policy } : {}),
    env: input.env,
    context: { ...context, ...input.requestContext },
  });
}
