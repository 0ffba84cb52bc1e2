/**
 * @module vending/instance-sessions — which instance holds which role, and its current session.
 *
 * When the metadata endpoint mints credentials for an instance it records a pointer
 * `imds:instance:<id>` → the session (access key id, ARN, times; no secret), expiring with the
 * session. `listInstanceSessions` joins the configured instances with those pointers — the read the
 * console uses to show instances and their roles (any gateway instance sees the same pointers).
 */
import type { Directory, KeyValueStore } from '../core/index.js';
import type { VendedCredentials } from './service-credentials.js';

export interface InstanceSessionView {
  readonly instanceId: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly instanceType: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly instanceProfileArn?: string;
  readonly roleArn?: string;
  readonly roleName?: string;
  /** The session the metadata endpoint currently hands out for this instance, if any. */
  readonly session?: {
    readonly accessKeyId: string;
    readonly arn: string;
    /** ISO-8601. */
    readonly issuedAt: string;
    readonly expiresAt: string;
  };
}

const pointerKey = (instanceId: string) => `imds:instance:${instanceId}`;

export async function recordInstanceSession(store: KeyValueStore, instanceId: string, credentials: VendedCredentials): Promise<void> {
  const pointer = { accessKeyId: credentials.accessKeyId, arn: credentials.sessionArn, issuedAt: credentials.issuedAt, expiresAt: credentials.expiresAt };
  await store.set(pointerKey(instanceId), JSON.stringify(pointer), { expiresAtMs: credentials.expiresAt });
}

export async function listInstanceSessions(
  deps: { directory: Directory; store: KeyValueStore; nowMs: number },
  account?: string,
): Promise<InstanceSessionView[]> {
  const instances = account === undefined ? deps.directory.instances : deps.directory.instancesOf(account);
  return Promise.all(
    instances.map(async (instance) => {
      const held = deps.directory.instanceRole(instance.id);
      const view: InstanceSessionView = {
        instanceId: instance.id,
        name: instance.name,
        account: instance.account,
        region: instance.region,
        instanceType: instance.instanceType,
        tags: instance.tags,
        ...(held?.profile ? { instanceProfileArn: held.profile.arn } : {}),
        ...(held?.role ? { roleArn: held.role.arn, roleName: held.role.name } : {}),
      };
      if (!held?.role) return view;
      const text = await deps.store.get(pointerKey(instance.id));
      if (text === null) return view;
      const pointer = JSON.parse(text) as { accessKeyId: string; arn: string; issuedAt: number; expiresAt: number };
      if (pointer.expiresAt <= deps.nowMs) return view;
      return {
        ...view,
        session: {
          accessKeyId: pointer.accessKeyId,
          arn: pointer.arn,
          issuedAt: new Date(pointer.issuedAt).toISOString(),
          expiresAt: new Date(pointer.expiresAt).toISOString(),
        },
      };
    }),
  );
}
