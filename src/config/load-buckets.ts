/**
 * @module config/load-buckets — the simulated S3 buckets of every account, validated.
 *
 * Checks, each reported with file, path and reason: bucket names are unique across all accounts
 * (S3's namespace is global); a bucket policy is a valid resource policy (policy engine, kind
 * `resource`, so Principal is required) whose every Resource/NotResource names this bucket or its
 * objects (S3: "Policy has invalid resource"); an initial object is at most `MAX_OBJECT_SIZE`.
 */
import { isBridgeError } from '../errors.js';
import { MAX_OBJECT_SIZE, type Bucket, type BucketObjectSeed } from '../core/index.js';
import { parsePolicy, type NamedPolicy } from '../policy/index.js';
import type { ConfigIssue } from './config-error.js';
import type { BucketConfig } from './bucket-schema.js';

export interface AccountBuckets {
  /** File name as shown in error messages. */
  readonly file: string;
  readonly account: string;
  readonly buckets: readonly BucketConfig[];
}

const DEFAULT_CREATION_DATE = Date.UTC(2024, 0, 1);

function resourceNamesBucket(resource: string, bucket: string): boolean {
  const arn = `arn:aws:s3:::${bucket}`;
  return resource === arn || resource.startsWith(`${arn}/`);
}

export function loadBuckets(accounts: readonly AccountBuckets[], issues: ConfigIssue[]): Bucket[] {
  const buckets: Bucket[] = [];
  const firstDefined = new Map<string, string>();
  for (const { file, account, buckets: configs } of accounts) {
    configs.forEach((config, i) => {
      const path = `buckets[${i}]`;
      const first = firstDefined.get(config.name);
      if (first !== undefined) {
        issues.push({ file, path: `${path}.name`, message: `duplicate bucket name "${config.name}" (bucket names are global; first defined in ${first})` });
        return;
      }
      firstDefined.set(config.name, file);
      const arn = `arn:aws:s3:::${config.name}`;
      let policy: NamedPolicy | undefined;
      if (config.bucketPolicy !== undefined) {
        try {
          policy = { id: `${arn}#policy`, document: parsePolicy(JSON.stringify(config.bucketPolicy), 'resource', { maxSize: 20_480 }) };
        } catch (error) {
          if (!isBridgeError(error)) throw error;
          issues.push({ file, path: `${path}.bucketPolicy`, message: error.message });
        }
        policy?.document.statements.forEach((statement) => {
          for (const resource of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
            if (!resourceNamesBucket(resource, config.name)) {
              issues.push({
                file,
                path: `${path}.bucketPolicy.Statement[${statement.index}]`,
                message: `Policy has invalid resource: "${resource}" is not ${arn} or an object in it`,
              });
            }
          }
        });
      }
      const objects: BucketObjectSeed[] = [];
      for (const [key, object] of Object.entries(config.objects)) {
        const body = object.content !== undefined ? Buffer.from(object.content, 'utf8') : Buffer.from(object.contentBase64 ?? '', 'base64');
        if (body.length > MAX_OBJECT_SIZE) {
          issues.push({ file, path: `${path}.objects.${key}`, message: `object is ${body.length} bytes; at most ${MAX_OBJECT_SIZE} are allowed` });
          continue;
        }
        objects.push({ key, body, contentType: object.contentType ?? 'binary/octet-stream' });
      }
      buckets.push({
        name: config.name,
        account,
        arn,
        ...(policy ? { policy } : {}),
        tags: config.tags,
        creationDate: config.creationDate ? Date.parse(config.creationDate) : DEFAULT_CREATION_DATE,
        objects,
      });
    });
  }
  return buckets;
}
