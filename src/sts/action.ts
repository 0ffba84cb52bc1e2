/**
 * @module sts/action — one STS action: how it authenticates, parses, runs and renders.
 */
import type { QueryParams, QueryStruct } from '../aws-query/index.js';
import type { Caller, RequestEnvironment, StsServices } from '../core/index.js';

export interface ActionContext {
  readonly services: StsServices;
  /** Present for SigV4-signed actions. */
  readonly caller: Caller | undefined;
  readonly env: RequestEnvironment;
}

export interface StsAction<Input = unknown> {
  readonly name: string;
  /** `none` for AssumeRoleWithSAML / AssumeRoleWithWebIdentity (sts.md §1.2). */
  readonly auth: 'sigv4' | 'none';
  parse(params: QueryParams): Input;
  run(input: Input, context: ActionContext): Promise<QueryStruct | undefined>;
}

export function defineAction<Input>(action: StsAction<Input>): StsAction<unknown> {
  return action as StsAction<unknown>;
}

export function requireCaller(context: ActionContext): Caller {
  if (!context.caller) throw new TypeError('signed action run without a caller');
  return context.caller;
}
