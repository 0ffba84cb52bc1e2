/**
 * @module iam/admin-explain — `POST /admin/explain`: the full explanation of one decision, as JSON.
 *
 * Authentication: SigV4 with the signing name `rolegate` or `iam` (any region unless restricted),
 * body hash always recomputed. Authorisation: the caller must be allowed
 * `iam:SimulatePrincipalPolicy` on the `principalArn` it asks about — the endpoint discloses what
 * SimulatePrincipalPolicy discloses (and more), so the same grant governs both and no new action
 * vocabulary is needed. Errors are `{ "error": { "code", "message" }, "requestId" }` with the
 * catalog code and status (unsigned or badly signed → 403, bad input → 400, unknown principal →
 * 404 NOT_FOUND). Nothing is stored (a refusal is only audited).
 */
import { deny, principalContextOf, type Caller, type StsServices } from '../core/index.js';
import { BridgeError, toBridgeError } from '../errors.js';
import { authenticateSigned } from '../auth/index.js';
import { decisionJson, explainAccess, parseExplainInput } from './explain.js';

export interface JsonHttpRequest {
  readonly method: string;
  /** Raw path as received (percent-encoded). */
  readonly path: string;
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly bodySha256Hex: string;
  readonly sourceIp: string | undefined;
  readonly secure: boolean;
  readonly requestId: string;
}

export interface JsonHttpResponse {
  readonly status: number;
  readonly body: unknown;
  readonly errorCode?: string;
  readonly errorDetail?: string;
}

export interface ExplainHandlerOptions {
  readonly services: StsServices;
  readonly allowedRegions?: readonly string[];
}

export const EXPLAIN_PERMISSION = 'iam:SimulatePrincipalPolicy';
const MAX_SKEW_MS = 15 * 60 * 1000;

export function createExplainHandler(options: ExplainHandlerOptions): (request: JsonHttpRequest) => Promise<JsonHttpResponse> {
  const { services } = options;

  const authenticate = async (request: JsonHttpRequest): Promise<Caller> =>
    (
      await authenticateSigned(services, request, {
        service: ['rolegate', 'iam'],
        maxSkewMs: MAX_SKEW_MS,
        ...(options.allowedRegions ? { allowedRegions: options.allowedRegions } : {}),
      })
    ).caller;

  return async function handleExplain(request) {
    try {
      const caller = await authenticate(request);
      let body: unknown;
      try {
        body = JSON.parse(request.body.toString('utf8'));
      } catch {
        throw new BridgeError('VALIDATION', { message: 'The request body must be JSON.' });
      }
      const input = parseExplainInput(body);
      const env = {
        nowMs: services.clock.now(),
        secureTransport: request.secure,
        ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}),
      };
      const decision = services.authorizer.authorize({ caller, action: EXPLAIN_PERMISSION, resource: input.principalArn, env });
      if (!decision.allowed) {
        throw await deny(services, {
          message: `User: ${caller.arn} is not authorized to perform: ${EXPLAIN_PERMISSION} on resource: ${input.principalArn}`,
          principal: principalContextOf(caller),
          action: EXPLAIN_PERMISSION,
          resource: input.principalArn,
          context: services.authorizer.contextOf({ caller, action: EXPLAIN_PERMISSION, resource: input.principalArn, env }),
          decision,
          requestId: request.requestId,
        });
      }
      const explanation = explainAccess(services.directory, input, env.nowMs);
      return {
        status: 200,
        body: {
          principal: explanation.principal,
          action: explanation.action,
          resource: explanation.resource,
          ...(explanation.trustPolicyOf ? { trustPolicyOf: explanation.trustPolicyOf } : {}),
          policies: explanation.policies,
          context: explanation.context,
          ...decisionJson(explanation.decision),
          explanation: explanation.text,
          requestId: request.requestId,
        },
      };
    } catch (thrown) {
      const error = toBridgeError(thrown);
      return {
        status: error.status,
        body: { error: { code: error.code, message: error.message }, requestId: request.requestId },
        errorCode: error.code,
        ...(error.detail ? { errorDetail: error.detail } : {}),
      };
    }
  };
}
