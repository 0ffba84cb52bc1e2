/**
 * @module http/console-resources-router — S3 buckets and objects, EC2 instances, acting with the
 * console session's current credentials; a denial is the access-denied page with its explanation.
 */
import express, { Router } from 'express';
import { isInstanceAction } from '../core/index.js';
import { createConsoleResources, type ConsoleDeps } from '../console/index.js';
import type { Caller, ObjectStore, RequestEnvironment } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { formString } from './browser-pages.js';
import { consoleEnv, consolePage, consolePost, sendConsolePage } from './console-pages.js';

export interface ConsoleResourcesRouterDeps {
  readonly console: ConsoleDeps;
  readonly publicUrl: string;
  /** The S3 demo service's object store (one store, so both show the same objects). */
  readonly objects: ObjectStore;
}

const ACTION_LABELS = [
  { action: 'start', label: 'Start' },
  { action: 'stop', label: 'Stop' },
  { action: 'terminate', label: 'Terminate' },
] as const;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function bucketParam(value: unknown): string {
  if (typeof value !== 'string' || !BUCKET.test(value)) throw new BridgeError('NO_SUCH_BUCKET');
  return value;
}

function keyParam(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new BridgeError('VALIDATION', { message: 'Give the object key.' });
  return value;
}

export function consoleResourcesRouter(deps: ConsoleResourcesRouterDeps): Router {
  const router = Router();
  const origin = new URL(deps.publicUrl).origin;
  // The console uploads at most 256 KiB of text; the form limit leaves room for URL encoding.
  const form = express.urlencoded({ extended: false, limit: '800kb', parameterLimit: 10 });
  const resources = createConsoleResources(deps.console, deps.objects);
  const env = (req: express.Request) => consoleEnv(deps.console, req);

  router.get(
    '/console/s3',
    consolePage(deps.console, async (req, res, signed) => {
      sendConsolePage(res, 200, 's3-buckets.njk', signed, { buckets: await resources.listBuckets(signed.caller, env(req)) });
    }),
  );

  router.get(
    '/console/s3/:bucket',
    consolePage(deps.console, async (req, res, signed) => {
      const bucket = bucketParam(req.params['bucket']);
      const notice = typeof req.query['done'] === 'string' ? req.query['done'].slice(0, 64) : undefined;
      const objects = await resources.listObjects(signed.caller, bucket, env(req));
      sendConsolePage(res, 200, 's3-bucket.njk', signed, { bucket, objects, ...(notice === 'uploaded' ? { notice: 'Uploaded.' } : notice === 'deleted' ? { notice: 'Deleted.' } : {}) });
    }),
  );

  router.get(
    '/console/s3/:bucket/object',
    consolePage(deps.console, async (req, res, signed) => {
      const bucket = bucketParam(req.params['bucket']);
      const key = keyParam(req.query['key']);
      const { info, text } = await resources.readObject(signed.caller, bucket, key, env(req));
      sendConsolePage(res, 200, 's3-object.njk', signed, { bucket, key, info, text });
    }),
  );

  // Upload and delete: the same form checks, then the action, then back to the bucket.
  const objectActions = {
    upload: { done: 'uploaded', run: (caller: Caller, bucket: string, body: unknown, e: RequestEnvironment) => resources.upload(caller, bucket, keyParam(formString(body, 'key')), formString(body, 'content') ?? '', e) },
    delete: { done: 'deleted', run: (caller: Caller, bucket: string, body: unknown, e: RequestEnvironment) => resources.deleteObject(caller, bucket, keyParam(formString(body, 'key')), e) },
  };
  for (const [verb, { done, run }] of Object.entries(objectActions)) {
    router.post(
      `/console/s3/:bucket/${verb}`,
      form,
      consolePost(deps.console, origin, async (req, res, signed) => {
        const bucket = bucketParam(req.params['bucket']);
        await run(signed.caller, bucket, req.body, env(req));
        res.set('Cache-Control', 'no-store').redirect(303, `/console/s3/${encodeURIComponent(bucket)}?done=${done}`);
      }),
    );
  }

  router.get(
    '/console/ec2',
    consolePage(deps.console, async (req, res, signed) => {
      const done = typeof req.query['done'] === 'string' ? req.query['done'] : undefined;
      const notice = done && /^i-[0-9a-f]{8,17}:(running|stopped|terminated)$/.test(done) ? `Instance ${done.replace(':', ' is now ')}.` : undefined;
      sendConsolePage(res, 200, 'ec2.njk', signed, { instances: await resources.listInstances(signed.caller, env(req)), actions: ACTION_LABELS, ...(notice ? { notice } : {}) });
    }),
  );

  router.post(
    '/console/ec2/:instanceId/:action',
    form,
    consolePost(deps.console, origin, async (req, res, signed) => {
      const instanceId = String(req.params['instanceId']);
      const action = String(req.params['action']);
      if (!/^i-[0-9a-f]{8,17}$/.test(instanceId)) throw new BridgeError('NOT_FOUND', { message: 'No such instance.' });
      if (!isInstanceAction(action)) throw new BridgeError('NOT_FOUND', { message: 'No such instance action.' });
      const state = await resources.changeInstance(signed.caller, instanceId, action, env(req));
      res.set('Cache-Control', 'no-store').redirect(303, `/console/ec2?done=${encodeURIComponent(`${instanceId}:${state}`)}`);
    }),
  );

  return router;
}
