/**
 * @module iam/params — the request members SimulateCustomPolicy and SimulatePrincipalPolicy share
 * (IAM API model, `SimulateCustomPolicyRequest` / `SimulatePrincipalPolicyRequest`).
 *
 * Model constraints are checked with AWS's wording ("1 validation error detected: …"); they reach
 * the wire as `InvalidInput` (see error-table.ts). rolegate adds bounds the model leaves open so
 * one request's work stays bounded: at most 50 policy inputs, 1 000 action names and 1 000
 * resource ARNs. Policies are only syntax-checked here; parsing (MalformedPolicyDocument) happens
 * after the caller is authorised.
 */
import { createHash } from 'node:crypto';
import { parseInteger, type QueryParams } from '../aws-query/index.js';
import { checkIntRange, checkLength, validationError } from '../core/index.js';
import type { ContextValue } from '../policy/index.js';
import { parseContextEntries } from './context-entries.js';

export const MAX_POLICY_INPUTS = 50;
export const MAX_ACTION_NAMES = 1000;
export const MAX_RESOURCE_ARNS = 1000;
/** `policyDocumentType`: 1..131 072 characters of tab, LF, CR and U+0020..U+00FF. */
export const MAX_POLICY_LENGTH = 131_072;
const POLICY_TEXT = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;
const DEFAULT_MAX_ITEMS = 100;

/** The ResourceHandlingOption scenarios and the EC2 resource types each requires. */
export const RESOURCE_HANDLING_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  'EC2-VPC-InstanceStore': ['instance', 'image', 'security-group', 'network-interface'],
  'EC2-VPC-InstanceStore-Subnet': ['instance', 'image', 'security-group', 'network-interface', 'subnet'],
  'EC2-VPC-EBS': ['instance', 'image', 'security-group', 'network-interface', 'volume'],
  'EC2-VPC-EBS-Subnet': ['instance', 'image', 'security-group', 'network-interface', 'subnet', 'volume'],
};

export interface SimulationParams {
  readonly policyInputs: readonly string[];
  readonly boundaryInputs: readonly string[];
  readonly actionNames: readonly string[];
  /** `['*']` when ResourceArns is absent. */
  readonly resourceArns: readonly string[];
  readonly resourcePolicy?: string;
  /** Account id of ResourceOwner. */
  readonly resourceOwner?: string;
  readonly callerArn?: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly resourceHandlingOption?: string;
  readonly maxItems: number;
  readonly marker?: string;
  /** Digest of the request members that decide the result list (for pagination markers). */
  readonly fingerprint: string;
}

function shown(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

function boundedList(params: QueryParams, name: string, member: string, max: number): string[] | undefined {
  // Count before collecting so a hostile list is refused without building it.
  let count = 0;
  const prefix = `${name}.member.`;
  for (const key of params.names()) if (key.startsWith(prefix) && ++count > max) break;
  if (count > max) {
    throw validationError(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  return params.stringList(name);
}

function policyText(member: string, text: string): void {
  checkLength(member, text, 1, MAX_POLICY_LENGTH);
  if (!POLICY_TEXT.test(text)) {
    throw validationError(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`,
    );
  }
}

const USER_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:user\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;
const ACCOUNT_ROOT = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):root$/;

export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

export function parseSimulationParams(params: QueryParams, options: { policyInputsRequired: boolean }): SimulationParams {
  const policyInputs = boundedList(params, 'PolicyInputList', 'policyInputList', MAX_POLICY_INPUTS);
  if (policyInputs === undefined && options.policyInputsRequired) {
    throw validationError(`1 validation error detected: Value null at 'policyInputList' failed to satisfy constraint: Member must not be null`);
  }
  (policyInputs ?? []).forEach((text, i) => policyText(`policyInputList.${i + 1}.member`, text));
  const boundaryInputs = boundedList(params, 'PermissionsBoundaryPolicyInputList', 'permissionsBoundaryPolicyInputList', MAX_POLICY_INPUTS) ?? [];
  boundaryInputs.forEach((text, i) => policyText(`permissionsBoundaryPolicyInputList.${i + 1}.member`, text));
  if (boundaryInputs.length > 1) {
    throw validationError('You can input only one permissions boundary policy in PermissionsBoundaryPolicyInputList.');
  }

  const actionNames = boundedList(params, 'ActionNames', 'actionNames', MAX_ACTION_NAMES);
  if (actionNames === undefined) {
    throw validationError(`1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null`);
  }
  if (actionNames.length === 0) throw validationError('ActionNames must name at least one action.');
  actionNames.forEach((name, i) => {
    checkLength(`actionNames.${i + 1}.member`, name, 3, 128);
    if (name.includes('*') || name.includes('?')) throw validationError(`Action name ${shown(name)} contains a wildcard; the simulator evaluates single actions.`);
    if (!/^[A-Za-z0-9-]+:[A-Za-z0-9_.-]+$/.test(name)) {
      throw validationError(`Action name ${shown(name)} must include the service prefix, e.g. iam:CreateUser.`);
    }
  });

  const given = boundedList(params, 'ResourceArns', 'resourceArns', MAX_RESOURCE_ARNS);
  const resourceArns = given === undefined || given.length === 0 ? ['*'] : given;
  resourceArns.forEach((arn, i) => {
    checkLength(`resourceArns.${i + 1}.member`, arn, 1, 2048);
    if (arn !== '*' && !/^arn:[^:\s]+:[^:\s]*:[^:\s]*:[^:\s]*:\S+$/.test(arn)) {
      throw validationError(`Resource ${shown(arn)} is not an ARN (or "*").`);
    }
  });

  const resourcePolicy = params.get('ResourcePolicy');
  if (resourcePolicy !== undefined) policyText('resourcePolicy', resourcePolicy);

  let resourceOwner: string | undefined;
  const ownerText = params.get('ResourceOwner');
  if (ownerText !== undefined) {
    checkLength('resourceOwner', ownerText, 1, 2048);
    resourceOwner = /^\d{12}$/.test(ownerText) ? ownerText : ACCOUNT_ROOT.exec(ownerText)?.[1];
    if (resourceOwner === undefined) {
      throw validationError(`ResourceOwner ${shown(ownerText)} must be an account ARN (arn:aws:iam::123456789012:root) or an account id.`);
    }
  }

  const callerArn = params.get('CallerArn');
  if (callerArn !== undefined) {
    checkLength('callerArn', callerArn, 1, 2048);
    if (!USER_ARN.test(callerArn)) {
      throw validationError(`CallerArn ${shown(callerArn)} must be the ARN of an IAM user (not a role, session or service principal).`);
    }
  }

  const resourceHandlingOption = params.get('ResourceHandlingOption');
  if (resourceHandlingOption !== undefined) {
    checkLength('resourceHandlingOption', resourceHandlingOption, 1, 64);
    const required = RESOURCE_HANDLING_OPTIONS[resourceHandlingOption];
    if (!required) {
      throw validationError(`ResourceHandlingOption ${shown(resourceHandlingOption)} is not one of ${Object.keys(RESOURCE_HANDLING_OPTIONS).join(', ')}.`);
    }
    const types = new Set(resourceArns.map((arn) => /^arn:[^:]+:ec2:[^:]*:[^:]*:([a-z-]+)\//.exec(arn)?.[1]).filter((t) => t !== undefined));
    const missing = required.filter((t) => !types.has(t));
    if (missing.length > 0) {
      throw validationError(`ResourceHandlingOption ${resourceHandlingOption} requires resources of type ${missing.join(', ')} in ResourceArns.`);
    }
  }

  const maxItems = parseInteger('maxItems', params.get('MaxItems')) ?? DEFAULT_MAX_ITEMS;
  checkIntRange('maxItems', maxItems, 1, 1000);
  const marker = params.get('Marker');
  if (marker !== undefined) {
    checkLength('marker', marker, 1, 320);
    if (!/^[\u0020-\u00FF]+$/.test(marker)) {
      throw validationError(`1 validation error detected: Value at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+`);
    }
  }

  const context = parseContextEntries(params);
  return {
    policyInputs: policyInputs ?? [],
    boundaryInputs,
    actionNames,
    resourceArns,
    ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
    ...(resourceOwner !== undefined ? { resourceOwner } : {}),
    ...(callerArn !== undefined ? { callerArn } : {}),
    context,
    ...(resourceHandlingOption !== undefined ? { resourceHandlingOption } : {}),
    maxItems,
    ...(marker !== undefined ? { marker } : {}),
    fingerprint: fingerprint(params),
  };
}

/** Digest of every member except the paging ones and the SigV4 query parameters. */
function fingerprint(params: QueryParams): string {
  const hash = createHash('sha256');
  const names = [...params.names()].filter((n) => n !== 'Marker' && n !== 'MaxItems' && !/^X-Amz-/i.test(n)).sort();
  for (const name of names) hash.update(`${name}\u0000${params.get(name) ?? ''}\u0000`);
  return hash.digest('hex').slice(0, 24);
}
