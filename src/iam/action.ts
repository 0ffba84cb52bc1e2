/**
 * @module iam/action — one IAM Query API action: how it parses, authorises and runs.
 */
import type { QueryParams } from '../aws-query/index.js';
import type { Caller, Group, RequestEnvironment, StsServices } from '../core/index.js';
import type { QueryStruct } from '../aws-query/index.js';

export interface IamActionContext {
  readonly services: StsServices;
  /** Groups of the directory (the core Directory has no group lookup; SimulatePrincipalPolicy accepts group ARNs). */
  readonly groups: readonly Group[];
  readonly caller: Caller;
  readonly env: RequestEnvironment;
  readonly requestId: string;
}

export interface IamAction<Input = unknown> {
  readonly name: string;
  /** Model constraints only: runs before authorisation, never looks anything up. */
  parse(params: QueryParams): Input;
  /** The IAM action and resource the caller must be allowed (e.g. `iam:SimulatePrincipalPolicy` on the source ARN). */
  permission(input: Input): { readonly action: string; readonly resource: string };
  run(input: Input, context: IamActionContext): QueryStruct;
}

export function defineIamAction<Input>(action: IamAction<Input>): IamAction<unknown> {
  return action as IamAction<unknown>;
}
