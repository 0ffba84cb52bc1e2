/**
 * @module console/resources — the console's S3 and EC2 actions, with the current credentials.
 *
 * Each action is decided by the core's decision functions — `authorizeS3` (the one the S3 demo
 * service uses, with bucket policies as resource-based policies) and `authorizeEc2` — and a denial
 * carries its explanation. Objects live in the same ObjectStore as the S3 demo service, so an
 * upload in the console is visible to `aws s3` and the reverse.
 *
 * Bucket list (a rolegate decision): the buckets of the caller's account (S3 ListBuckets, needs
 * `s3:ListAllMyBuckets`) plus buckets of other accounts the caller may list (`s3:ListBucket`
 * allowed, e.g. through a bucket policy), marked as shared.
 */
import {
  authorizeEc2,
  authorizeS3,
  bucketsListedFor,
  changeInstanceState,
  INSTANCE_ACTIONS,
  checkObjectKey,
  instanceState,
  requireAllowed,
  requireBucket,
  s3ResourceArn,
  type Caller,
  type InstanceAction,
  type InstanceState,
  type ObjectInfo,
  type ObjectStore,
  type RequestEnvironment,
  type S3Action,
} from '../core/index.js';
import { BridgeError } from '../errors.js';

import type { ConsoleDeps } from './session.js';

export interface BucketView {
  readonly name: string;
  readonly account: string;
  readonly accountAlias?: string;
  readonly shared: boolean;
}

export interface InstanceView {
  readonly instanceId: string;
  readonly name: string;
  readonly instanceType: string;
  readonly state: InstanceState;
  readonly tags: ReadonlyArray<{ key: string; value: string }>;
}

/** Upload limit of the console form (the S3 service itself takes up to 5 MiB). */
export const CONSOLE_UPLOAD_MAX_BYTES = 256 * 1024;

export interface ConsoleResources {
  listBuckets(caller: Caller, env: RequestEnvironment): Promise<BucketView[]>;
  listObjects(caller: Caller, bucket: string, env: RequestEnvironment): Promise<ObjectInfo[]>;
  readObject(caller: Caller, bucket: string, key: string, env: RequestEnvironment): Promise<{ info: ObjectInfo; text: string }>;
  upload(caller: Caller, bucket: string, key: string, content: string, env: RequestEnvironment): Promise<void>;
  deleteObject(caller: Caller, bucket: string, key: string, env: RequestEnvironment): Promise<void>;
  listInstances(caller: Caller, env: RequestEnvironment): Promise<InstanceView[]>;
  changeInstance(caller: Caller, instanceId: string, action: InstanceAction, env: RequestEnvironment): Promise<InstanceState>;
}

export function createConsoleResources(deps: ConsoleDeps, objects: ObjectStore): ConsoleResources {
  const { services } = deps;

  async function decideS3(caller: Caller, action: S3Action, env: RequestEnvironment, bucket?: string, key?: string): Promise<void> {
    const decision = authorizeS3(services, caller, { action, ...(bucket !== undefined ? { bucket } : {}), ...(key !== undefined ? { key } : {}), env });
    const resource = bucket === undefined ? '*' : s3ResourceArn(bucket, key);
    await requireAllowed(services, { caller, action, resource, decision, env });
  }

  function validKey(key: string): string {
    checkObjectKey(key);
    if (/[\u0000-\u001f\u007f]/.test(key)) throw new BridgeError('VALIDATION', { message: 'Object keys must not contain control characters.' });
    return key;
  }

  return {
    async listBuckets(caller, env) {
      await decideS3(caller, 's3:ListAllMyBuckets', env);
      const own = bucketsListedFor(services, caller);
      const shared = services.directory.buckets.filter(
        (b) => b.account !== caller.account && authorizeS3(services, caller, { action: 's3:ListBucket', bucket: b.name, env }).allowed,
      );
      return [...own, ...shared].map((b) => {
        const alias = services.directory.account(b.account)?.alias;
        return { name: b.name, account: b.account, ...(alias ? { accountAlias: alias } : {}), shared: b.account !== caller.account };
      });
    },
    async listObjects(caller, bucket, env) {
      const found = requireBucket(services, bucket);
      await decideS3(caller, 's3:ListBucket', env, bucket);
      return objects.list(found);
    },
    async readObject(caller, bucket, key, env) {
      const found = requireBucket(services, bucket);
      await decideS3(caller, 's3:GetObject', env, bucket, validKey(key));
      const object = await objects.get(found, key);
      if (!object) {
        // As S3 (and the S3 demo service): a missing key is NoSuchKey only for callers allowed
        // s3:ListBucket, otherwise AccessDenied, so a read does not reveal which keys exist.
        await decideS3(caller, 's3:ListBucket', env, bucket);
        throw new BridgeError('NO_SUCH_KEY');
      }
      return { info: object.info, text: object.body.toString('utf8') };
    },
    async upload(caller, bucket, key, content, env) {
      const found = requireBucket(services, bucket);
      await decideS3(caller, 's3:PutObject', env, bucket, validKey(key));
      const body = Buffer.from(content, 'utf8');
      if (body.length > CONSOLE_UPLOAD_MAX_BYTES) throw new BridgeError('REQUEST_TOO_LARGE', { message: `The console uploads at most ${CONSOLE_UPLOAD_MAX_BYTES / 1024} KiB.` });
      await objects.put(found, { key, body, contentType: 'text/plain; charset=utf-8', metadata: {} });
    },
    async deleteObject(caller, bucket, key, env) {
      const found = requireBucket(services, bucket);
      await decideS3(caller, 's3:DeleteObject', env, bucket, validKey(key));
      await objects.delete(found, key);
    },
    async listInstances(caller, env) {
      const decision = authorizeEc2(services, caller, 'ec2:DescribeInstances', undefined, env);
      await requireAllowed(services, { caller, action: 'ec2:DescribeInstances', resource: '*', decision, env });
      return Promise.all(
        services.directory.instancesOf(caller.account).map(async (i) => ({
          instanceId: i.id,
          name: i.name,
          instanceType: i.instanceType,
          state: await instanceState(deps.store, i),
          tags: Object.entries(i.tags).map(([key, value]) => ({ key, value })),
        })),
      );
    },
    async changeInstance(caller, instanceId, action, env) {
      const instance = services.directory.instance(instanceId);
      if (!instance) throw new BridgeError('NOT_FOUND', { message: `The instance ID '${instanceId.slice(0, 40)}' does not exist` });
      const iamAction = INSTANCE_ACTIONS[action].iamAction;
      const decision = authorizeEc2(services, caller, iamAction, instance, env);
      await requireAllowed(services, { caller, action: iamAction, resource: instance.arn, decision, env });
      return changeInstanceState(deps.store, instance, action);
    },
  };
}
