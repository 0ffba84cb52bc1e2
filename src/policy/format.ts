/**
 * @module policy/format — readable text: `formatDecision` (a multi-line explanation of a Decision,
 * used by the console's policy simulator and the `explain` CLI) and the phrases shared with
 * `Decision.summary` (how a statement or a principal is named).
 */
import type { Decision, PrincipalContext, StatementRef } from './types.js';

function roleLabel(role: StatementRef['policyRole'], trust: boolean): string {
  if (role === 'resource') return trust ? 'trust policy' : 'resource policy';
  if (role === 'boundary') return 'permissions boundary';
  return `${role} policy`;
}

export function describeRef(ref: StatementRef, trust: boolean): string {
  return `${roleLabel(ref.policyRole, trust)} ${ref.policyId} statement ${ref.statementIndex}`;
}

export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function who(p: PrincipalContext): string {
  if (p.kind === 'anonymous') return 'an anonymous caller';
  if (p.kind === 'federated') return p.federatedProvider ?? 'the federated identity';
  if (p.kind === 'service') return p.service ?? 'the service';
  return p.arn;
}

function describe(ref: StatementRef): string {
  const sid = ref.sid !== undefined && ref.sid !== '' ? ` (Sid ${ref.sid})` : '';
  return `${ref.effect} ${ref.policyRole} ${ref.policyId} statement ${ref.statementIndex}${sid}`;
}

function line(ref: StatementRef): string {
  return `  - ${describe(ref)}`;
}

export function formatDecision(decision: Decision): string {
  const out: string[] = [`Decision: ${decision.decision}`, decision.summary];
  const v = decision.verdicts;
  out.push(`Verdicts: identity=${v.identity} resource=${v.resource} boundary=${v.boundary} session=${v.session}`);
  if (decision.determining.length > 0) out.push('Determining statements:', ...decision.determining.map(line));
  if (decision.matched.length > 0) out.push('Matched statements:', ...decision.matched.map(line));
  const miss = decision.nearestMiss;
  if (miss !== undefined) {
    out.push(`Nearest miss: ${describe(miss)}`);
    for (const m of miss.mismatches) out.push(`  - ${m.message}`);
  }
  if (decision.missingContextKeys.length > 0) out.push(`Missing context keys: ${decision.missingContextKeys.join(', ')}`);
  return out.join('\n');
}
