/**
 * @module vending/vending — the credential-vending adapter: an IMDSv2-compatible instance
 * metadata service and an ECS/EKS-compatible container-credentials endpoint on one listener.
 *
 * Which instance a request speaks for (one process simulates every configured instance):
 * - an IMDSv2 token is bound to one instance when it is issued, and every request made with it is
 *   answered for that instance — a token of one instance never reads another's metadata;
 * - `PUT /latest/api/token` is issued for the listener's instance: the default listener serves
 *   `ROLEGATE_IMDS_INSTANCE` (default: the first configured instance with an instance profile) and
 *   accepts an optional `X-rolegate-instance-id` header to choose another configured instance;
 *   listeners from `IMDS_INSTANCE_PORTS` are pinned to their instance, refuse that header for any
 *   other instance, and refuse tokens of other instances;
 * - IMDSv1 (no token) only for instances configured with `metadataOptions.httpTokens: optional`,
 *   answered for the listener's instance.
 *
 * Paths: `PUT /latest/api/token`; `GET /latest/meta-data/` (`instance-id`, `instance-type`,
 * `placement/region`, `placement/availability-zone`, `iam/info`, `iam/security-credentials/`,
 * `iam/security-credentials/ROLE`, `iam/security-credentials-extended/ROLE`,
 * `tags/instance/KEY`), `GET /latest/dynamic/instance-identity/document`; and
 * `GET /v1/credentials` with `Authorization: <container token>`.
 */
import { BridgeError } from '../errors.js';
import type { Instance, KeyValueStore, StsServices } from '../core/index.js';
import { CONTAINER_SERVICE_PRINCIPAL, isContainerTokenRevoked, issueContainerToken, verifyContainerToken, type IssuedContainerToken } from './container-tokens.js';
import { containerError, imdsError } from './error-table.js';
import { refuseForeignHost, refuseProxied } from './guards.js';
import { headerValue, metadataTimestamp, type VendingRequest, type VendingResponse } from './http-types.js';
import { issueImdsToken, parseTokenTtl, resolveImdsToken } from './imds-tokens.js';
import { listInstanceSessions, recordInstanceSession, type InstanceSessionView } from './instance-sessions.js';
import { createCredentialCache, issueServiceCredentials, type CredentialCache, type VendedCredentials } from './service-credentials.js';

export const EC2_SERVICE_PRINCIPAL = 'ec2.amazonaws.com';
export const CONTAINER_CREDENTIALS_PATH = '/v1/credentials';
const TOKEN_PATH = '/latest/api/token';
const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const INSTANCE_HEADER = 'x-rolegate-instance-id';

export interface VendingOptions {
  /** Instance for token requests that do not name one (validated by the composition root). */
  readonly defaultInstance?: string;
  /** Host names accepted besides IP literals and `localhost`. */
  readonly allowedHosts?: readonly string[];
  /** Requested session lifetime; the role's maximum caps it. */
  readonly sessionSeconds: number;
}

export interface VendingDependencies {
  readonly services: StsServices;
  readonly store: KeyValueStore;
  readonly options: VendingOptions;
  /** Failures to record a pointer or audit event are reported here, never to the client. */
  readonly onBackgroundError?: (error: unknown) => void;
}

export type VendingHandler = (request: VendingRequest) => Promise<VendingResponse>;

export interface Vending {
  /** The handler of one listener; `pinnedInstance` fixes the listener to one instance. */
  handler(options?: { pinnedInstance?: string }): VendingHandler;
  /** The instance served by default (undefined when no instance is configured). */
  readonly defaultInstance: Instance | undefined;
  /** The configured instances with their roles and current sessions (for the console). */
  listInstanceSessions(account?: string): Promise<InstanceSessionView[]>;
  /** Current (possibly freshly minted) credentials of an instance's role. */
  instanceCredentials(instanceId: string): Promise<VendedCredentials>;
  /** Operator action: a container-credentials token for one role session. */
  issueContainerToken(request: { roleArn: string; sessionName: string; ttlSeconds: number }): IssuedContainerToken;
}

const text = (body: string, headers?: Record<string, string>): VendingResponse => ({
  status: 200,
  contentType: 'text/plain; charset=utf-8',
  body,
  ...(headers ? { headers } : {}),
});
const json = (value: unknown): VendingResponse => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: JSON.stringify(value, null, 2) });
const notFound = (what: string) => new BridgeError('NOT_FOUND', { message: 'Not Found', detail: what.slice(0, 200) });

export function createVending(deps: VendingDependencies): Vending {
  const { services, store } = deps;
  const { directory, clock } = services;
  const background = deps.onBackgroundError ?? (() => undefined);
  const allowedHosts = new Set((deps.options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const defaultInstance =
    (deps.options.defaultInstance !== undefined ? directory.instance(deps.options.defaultInstance) : undefined) ??
    directory.instances.find((i) => i.instanceProfile !== undefined) ??
    directory.instances[0];

  const cache: CredentialCache = createCredentialCache({
    clock,
    async stillValid(credentials) {
      const resolved = await services.resolver.find(credentials.accessKeyId);
      return resolved !== undefined && !resolved.revocation.revoked;
    },
  });

  async function instanceCredentials(instanceId: string): Promise<VendedCredentials> {
    const held = directory.instanceRole(instanceId);
    if (!held?.role) throw notFound(`instance ${instanceId} has no instance profile role`);
    const role = held.role;
    return cache.get(`instance:${instanceId}`, async () => {
      const minted = await issueServiceCredentials(services, {
        service: EC2_SERVICE_PRINCIPAL,
        roleArn: role.arn,
        sessionName: instanceId,
        loginId: `instance:${instanceId}`,
        durationSeconds: deps.options.sessionSeconds,
      });
      await recordInstanceSession(store, instanceId, minted).catch(background);
      return minted;
    });
  }

  function credentialsDocument(credentials: VendedCredentials, extended: boolean) {
    return {
      Code: 'Success',
      LastUpdated: metadataTimestamp(credentials.issuedAt),
      Type: 'AWS-HMAC',
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken,
      Expiration: metadataTimestamp(credentials.expiresAt),
      ...(extended ? { AccountId: credentials.accountId } : {}),
    };
  }

  async function metadata(instance: Instance, path: string): Promise<VendingResponse> {
    const held = directory.instanceRole(instance.id);
    const role = held?.role;
    const profile = held?.profile;
    const rest = path.replace(/^\/latest\//, '');
    switch (rest) {
      case 'meta-data':
      case 'meta-data/':
        return text(['ami-id', 'hostname', ...(role ? ['iam/'] : []), 'instance-id', 'instance-type', 'placement/', 'tags/'].join('\n'));
      case 'meta-data/instance-id':
        return text(instance.id);
      case 'meta-data/instance-type':
        return text(instance.instanceType);
      case 'meta-data/ami-id':
        return text('ami-0rolegate0000000');
      case 'meta-data/hostname':
        return text(`${instance.name}.${instance.region}.compute.internal`);
      case 'meta-data/placement':
      case 'meta-data/placement/':
        return text('availability-zone\nregion');
      case 'meta-data/placement/region':
        return text(instance.region);
      case 'meta-data/placement/availability-zone':
        return text(instance.availabilityZone);
      case 'meta-data/tags':
      case 'meta-data/tags/':
        return text('instance');
      case 'meta-data/tags/instance':
      case 'meta-data/tags/instance/':
        return text(Object.keys(instance.tags).join('\n'));
      case 'dynamic/instance-identity/document':
        return json({
          accountId: instance.account,
          architecture: 'x86_64',
          availabilityZone: instance.availabilityZone,
          imageId: 'ami-0rolegate0000000',
          instanceId: instance.id,
          instanceType: instance.instanceType,
          pendingTime: '2026-01-01T00:00:00Z',
          privateIp: '10.0.0.10',
          region: instance.region,
          version: '2017-09-30',
        });
    }
    const tag = /^meta-data\/tags\/instance\/(.+)$/.exec(rest);
    if (tag) {
      const value = instance.tags[tag[1]!];
      if (value === undefined) throw notFound(`tag ${tag[1]}`);
      return text(value);
    }
    if (!rest.startsWith('meta-data/iam')) throw notFound(path);
    // Everything under iam/ exists only for an instance with an instance profile.
    if (!role || !profile) throw notFound(`${instance.id} has no instance profile`);
    switch (rest) {
      case 'meta-data/iam':
      case 'meta-data/iam/':
        return text('info\nsecurity-credentials/');
      case 'meta-data/iam/info': {
        const current = cache.peek(`instance:${instance.id}`);
        return json({
          Code: 'Success',
          LastUpdated: metadataTimestamp(current?.issuedAt ?? clock.now()),
          InstanceProfileArn: profile.arn,
          InstanceProfileId: profile.uniqueId,
        });
      }
      case 'meta-data/iam/security-credentials':
      case 'meta-data/iam/security-credentials/':
      case 'meta-data/iam/security-credentials-extended':
      case 'meta-data/iam/security-credentials-extended/':
        return text(role.name);
    }
    const named = /^meta-data\/iam\/(security-credentials|security-credentials-extended)\/([^/]+)$/.exec(rest);
    // A role name that is not this instance's role is simply not there (404), as on EC2.
    if (!named || named[2] !== role.name) throw notFound(`role path ${rest}`);
    const credentials = await instanceCredentials(instance.id);
    return json(credentialsDocument(credentials, named[1] === 'security-credentials-extended'));
  }

  function tokenTarget(request: VendingRequest, pinned: Instance | undefined): Instance {
    const named = headerValue(request.headers, INSTANCE_HEADER);
    if (named !== undefined) {
      const instance = directory.instance(named.trim());
      if (!instance) throw new BridgeError('VALIDATION', { message: 'Unknown instance.', detail: `X-rolegate-instance-id ${named.slice(0, 40)}` });
      if (pinned && instance.id !== pinned.id) {
        throw new BridgeError('VALIDATION', { message: 'This metadata listener serves one instance only.', detail: `pinned to ${pinned.id}, asked for ${instance.id}` });
      }
      return instance;
    }
    const instance = pinned ?? defaultInstance;
    if (!instance) throw new BridgeError('VALIDATION', { message: 'No instance is configured.' });
    return instance;
  }

  async function requestInstance(request: VendingRequest, pinned: Instance | undefined): Promise<Instance> {
    const token = headerValue(request.headers, TOKEN_HEADER);
    if (token === undefined) {
      const instance = pinned ?? defaultInstance;
      if (!instance || instance.httpTokens === 'required') {
        throw new BridgeError('MISSING_AUTHENTICATION', { message: 'A metadata session token (IMDSv2) is required.', detail: 'no token' });
      }
      return instance;
    }
    const instanceId = await resolveImdsToken({ store, clock }, token.trim());
    const instance = directory.instance(instanceId);
    if (!instance) throw new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The metadata session token is invalid or expired.', detail: `instance ${instanceId} no longer configured` });
    if (pinned && instance.id !== pinned.id) {
      throw new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The metadata session token is invalid or expired.', detail: `token of ${instance.id} on the listener of ${pinned.id}` });
    }
    return instance;
  }

  async function imds(request: VendingRequest, pinned: Instance | undefined): Promise<VendingResponse> {
    if (request.path === TOKEN_PATH) {
      if (request.method !== 'PUT') throw new BridgeError('INVALID_ACTION', { message: 'Method Not Allowed' });
      const ttl = parseTokenTtl(headerValue(request.headers, TTL_HEADER));
      const instance = tokenTarget(request, pinned);
      const token = await issueImdsToken({ store, clock, random: services.random }, instance.id, ttl);
      return text(token, { 'X-aws-ec2-metadata-token-ttl-seconds': String(ttl) });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new BridgeError('INVALID_ACTION', { message: 'Method Not Allowed' });
    if (!request.path.startsWith('/latest/')) throw notFound(request.path);
    const instance = await requestInstance(request, pinned);
    return metadata(instance, request.path);
  }

  async function container(request: VendingRequest): Promise<VendingResponse> {
    if (request.method !== 'GET') throw new BridgeError('INVALID_ACTION', { message: 'Method Not Allowed' });
    const authorization = headerValue(request.headers, 'authorization');
    if (authorization === undefined || authorization.trim() === '') {
      throw new BridgeError('MISSING_AUTHENTICATION', { message: 'An authorization token is required.', detail: 'no Authorization header' });
    }
    const claims = verifyContainerToken(services.keys, authorization.trim(), clock.now());
    if (await isContainerTokenRevoked(store, claims)) {
      throw new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The authorization token has been revoked.', detail: `token ${claims.jti} revoked` });
    }
    const credentials = await cache.get(`container:${claims.jti}`, () =>
      issueServiceCredentials(services, {
        service: CONTAINER_SERVICE_PRINCIPAL,
        roleArn: claims.role,
        sessionName: claims.session,
        loginId: `container:${claims.jti}`,
        // A session never outlives its token by more than STS's 15-minute minimum.
        durationSeconds: Math.min(deps.options.sessionSeconds, Math.floor((claims.exp * 1000 - clock.now()) / 1000)),
        ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
      }),
    );
    return {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        Token: credentials.sessionToken,
        Expiration: metadataTimestamp(credentials.expiresAt),
        AccountId: credentials.accountId,
        RoleArn: credentials.roleArn,
      }),
    };
  }

  async function refused(request: VendingRequest, response: VendingResponse, principal: string): Promise<VendingResponse> {
    // Refusals that look like attacks (proxied, rebinding, forged/expired/revoked container tokens) are audited.
    if (response.status === 403) {
      await services.audit
        .record({
          type: 'credentials.refused',
          action: 'sts:AssumeRole',
          principal,
          ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
          requestId: request.requestId,
          result: 'failure',
          reason: response.errorDetail ?? response.errorCode ?? 'refused',
        })
        .catch(background);
    }
    return response;
  }

  return {
    defaultInstance,
    handler(options = {}) {
      const pinned = options.pinnedInstance !== undefined ? directory.instance(options.pinnedInstance) : undefined;
      if (options.pinnedInstance !== undefined && !pinned) throw new TypeError(`unknown instance ${options.pinnedInstance}`);
      return async (request) => {
        const isContainer = request.path === CONTAINER_CREDENTIALS_PATH;
        try {
          refuseProxied(request);
          refuseForeignHost(request, allowedHosts);
          return isContainer ? await container(request) : await imds(request, pinned);
        } catch (thrown) {
          return isContainer
            ? refused(request, containerError(thrown), CONTAINER_SERVICE_PRINCIPAL)
            : refused(request, imdsError(thrown), EC2_SERVICE_PRINCIPAL);
        }
      };
    },
    listInstanceSessions: (account) => listInstanceSessions({ directory, store, nowMs: clock.now() }, account),
    instanceCredentials,
    issueContainerToken: (request) =>
      issueContainerToken({ directory, keys: services.keys, clock, random: services.random, evaluateTrust: services.evaluateTrust }, request),
  };
}
