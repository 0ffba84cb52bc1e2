/**
 * @module iam/handler — the IAM Query API (version 2010-05-08): SimulateCustomPolicy and
 * SimulatePrincipalPolicy, on the same endpoint as STS (the HTTP shell routes by `Version`).
 *
 * Stages, in order: Version → Action → SigV4 (service `iam`, any region unless restricted) →
 * parse (model constraints) → authorise (the caller's own policies must allow the action) → run →
 * render. Errors use IAM's envelope
 * `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`
 * with the codes of `error-table.ts`. The simulator never writes to the store.
 */
import { renderError, renderResult, wantsJson, type QueryHttpRequest, type QueryHttpResponse } from '../aws-query/index.js';
import { deny, principalContextOf, type Caller, type Group, type StsServices } from '../core/index.js';
import { BridgeError, toBridgeError } from '../errors.js';
import { authenticateSigned } from '../auth/index.js';
import type { IamAction } from './action.js';
import { simulateCustomPolicyAction } from './actions/simulate-custom-policy.js';
import { simulatePrincipalPolicyAction } from './actions/simulate-principal-policy.js';
import { IAM_ERROR_TABLE } from './error-table.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const IAM_VERSION = '2010-05-08';
/** Like STS, IAM's front end tolerates ±15 minutes of clock skew. */
const IAM_MAX_SKEW_MS = 15 * 60 * 1000;

export interface IamHandlerOptions {
  readonly services: StsServices;
  /** The directory's groups (for PolicySourceArn group ARNs). */
  readonly groups?: readonly Group[];
  readonly allowedRegions?: readonly string[];
}

export type IamQueryHandler = (request: QueryHttpRequest) => Promise<QueryHttpResponse>;

export function createIamHandler(options: IamHandlerOptions): IamQueryHandler {
  const actions = new Map<string, IamAction<unknown>>();
  for (const action of [simulateCustomPolicyAction, simulatePrincipalPolicyAction]) actions.set(action.name, action);
  const { services } = options;
  const groups = options.groups ?? [];

  const authenticate = async (request: QueryHttpRequest): Promise<Caller> =>
    (
      await authenticateSigned(services, request, {
        service: 'iam',
        maxSkewMs: IAM_MAX_SKEW_MS,
        ...(options.allowedRegions ? { allowedRegions: options.allowedRegions } : {}),
      })
    ).caller;

  return async function handleIam(request) {
    const format = wantsJson(headerValue(request.headers['accept']));
    try {
      const actionName = request.params.get('Action');
      const version = request.params.get('Version');
      if (actionName === undefined) throw new BridgeError('INVALID_ACTION', { message: 'Missing Action' });
      const action = actions.get(actionName);
      if (!action || version !== IAM_VERSION) {
        throw new BridgeError('INVALID_ACTION', {
          message: `Could not find operation ${actionName.slice(0, 64)} for version ${(version ?? 'NO_VERSION_SPECIFIED').slice(0, 32)}`,
        });
      }
      const caller = await authenticate(request);
      const input = action.parse(request.params);
      const env = {
        nowMs: services.clock.now(),
        secureTransport: request.secure,
        ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
        ...(headerValue(request.headers['user-agent']) ? { userAgent: headerValue(request.headers['user-agent'])! } : {}),
      };
      const permission = action.permission(input);
      const decision = services.authorizer.authorize({ caller, action: permission.action, resource: permission.resource, env });
      if (!decision.allowed) {
        throw await deny(services, {
          message: `User: ${caller.arn} is not authorized to perform: ${permission.action} on resource: ${permission.resource}`,
          principal: principalContextOf(caller),
          action: permission.action,
          resource: permission.resource,
          context: services.authorizer.contextOf({ caller, action: permission.action, resource: permission.resource, env }),
          decision,
          requestId: request.requestId,
        });
      }
      const result = action.run(input, { services, groups, caller, env, requestId: request.requestId });
      return { status: 200, ...renderResult(format, IAM_NAMESPACE, action.name, result, request.requestId) };
    } catch (thrown) {
      return iamErrorResponse(format, thrown, request.requestId);
    }
  };
}

/** IAM's error envelope; IAM does not append encoded authorization messages to AccessDenied. */
export function iamErrorResponse(format: 'xml' | 'json', thrown: unknown, requestId: string): QueryHttpResponse {
  const error = toBridgeError(thrown);
  const wire = IAM_ERROR_TABLE[error.code];
  const rendered = renderError(format, IAM_NAMESPACE, { type: wire.type, code: wire.code, message: error.message }, requestId);
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
