/**
 * @module sts/handler — the STS Query API: authenticate, dispatch to the action, render XML or JSON.
 *
 * Stages, in order: Version → Action → SigV4 (signed actions only) → parse → run → render.
 */
import { renderError, renderResult, wantsJson, type QueryHttpRequest, type QueryHttpResponse } from '../aws-query/index.js';
import { authenticateSigned } from '../auth/index.js';
import type { Caller, StsServices } from '../core/index.js';
import { BridgeError, toBridgeError } from '../errors.js';
import type { StsAction } from './action.js';
import { assumeRoleAction } from './actions/assume-role.js';
import { decodeAuthorizationMessageAction } from './actions/decode-authorization-message.js';
import { getAccessKeyInfoAction } from './actions/get-access-key-info.js';
import { getCallerIdentityAction } from './actions/get-caller-identity.js';
import { getFederationTokenAction } from './actions/get-federation-token.js';
import { getSessionTokenAction } from './actions/get-session-token.js';
import { STS_ERROR_TABLE } from './error-table.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_VERSION = '2011-06-15';
/** STS tolerates ±15 minutes of clock skew (sts.md §11). */
const STS_MAX_SKEW_MS = 15 * 60 * 1000;

export interface StsHandlerOptions {
  readonly services: StsServices;
  readonly allowedRegions?: readonly string[];
  /** Extra actions contributed by other adapters' composition (e.g. AssumeRoleWithSAML). */
  readonly extraActions?: readonly StsAction<unknown>[];
}

export type QueryHandler = (request: QueryHttpRequest) => Promise<QueryHttpResponse>;

export function createStsHandler(options: StsHandlerOptions): QueryHandler {
  const actions = new Map<string, StsAction<unknown>>();
  for (const action of [
    assumeRoleAction,
    getCallerIdentityAction,
    getSessionTokenAction,
    getFederationTokenAction,
    getAccessKeyInfoAction,
    decodeAuthorizationMessageAction,
    ...(options.extraActions ?? []),
  ]) {
    actions.set(action.name, action);
  }
  const { services } = options;

  const authenticate = async (request: QueryHttpRequest): Promise<Caller> =>
    (
      await authenticateSigned(services, request, {
        service: 'sts',
        maxSkewMs: STS_MAX_SKEW_MS,
        ...(options.allowedRegions ? { allowedRegions: options.allowedRegions } : {}),
      })
    ).caller;

  return async function handleSts(request) {
    const format = wantsJson(headerValue(request.headers['accept']));
    try {
      const actionName = request.params.get('Action');
      const version = request.params.get('Version');
      if (actionName === undefined) throw new BridgeError('INVALID_ACTION', { message: 'Missing Action' });
      const action = actions.get(actionName);
      if (!action || version !== STS_VERSION) {
        throw new BridgeError('INVALID_ACTION', {
          message: `Could not find operation ${actionName.slice(0, 64)} for version ${(version ?? 'NO_VERSION_SPECIFIED').slice(0, 32)}`,
        });
      }
      const caller = action.auth === 'sigv4' ? await authenticate(request) : undefined;
      const input = action.parse(request.params);
      const env = {
        nowMs: services.clock.now(),
        requestId: request.requestId,
        secureTransport: request.secure,
        ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
        ...(headerValue(request.headers['user-agent']) ? { userAgent: headerValue(request.headers['user-agent'])! } : {}),
      };
      const result = await action.run(input, { services, caller, env });
      const rendered = renderResult(format, STS_NAMESPACE, action.name, result, request.requestId);
      return { status: 200, ...rendered };
    } catch (thrown) {
      return stsErrorResponse(format, thrown, request.requestId);
    }
  };
}

export function stsErrorResponse(format: 'xml' | 'json', thrown: unknown, requestId: string): QueryHttpResponse {
  const error = toBridgeError(thrown);
  const wire = STS_ERROR_TABLE[error.code];
  const encoded = error.extra?.['encodedAuthorizationMessage'];
  const message = typeof encoded === 'string' ? `${error.message}. Encoded authorization failure message: ${encoded}` : error.message;
  const rendered = renderError(format, STS_NAMESPACE, { type: wire.type, code: wire.code, message }, requestId);
  return {
    status: wire.status,
    ...rendered,
    errorCode: error.code,
    ...(error.detail ? { errorDetail: error.detail } : {}),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
