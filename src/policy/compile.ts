/**
 * @module policy/compile — turns a parsed document into matchers, once.
 *
 * Everything the evaluator needs per request is prepared here: lower-cased action matchers,
 * resource regexes (with per-segment ARN rules), principal sets, and condition operators resolved
 * to functions, and statements indexed by service prefix. The evaluate hot path then does no JSON
 * parsing and builds no RegExp (patterns with policy variables are matched by match/glob.ts).
 * Compiled forms are kept in a WeakMap keyed by the document, so `PolicyDocument` stays a plain,
 * serialisable value; documents built by hand are compiled on first use.
 */
import { compileClause } from './conditions/clause.js';
import type { CompiledCondition } from './conditions/clause.js';
import { parseOperator } from './conditions/operators.js';
import { ConditionValueError } from './conditions/spec.js';
import type { EvalState } from './evaluate/state.js';
import { compileActionElement } from './match/wildcard.js';
import type { ActionTest } from './match/wildcard.js';
import { compilePrincipal, notPrincipalGrant, principalGrant } from './match/principal.js';
import type { GrantKind } from './match/principal.js';
import { compileResourceElement } from './match/resource.js';
import type { ResourceTest } from './match/resource.js';
import { malformed } from './parse/values.js';
import type { PolicyDocument, PrincipalContext, Statement } from './types.js';

export type PrincipalTest = (p: PrincipalContext) => GrantKind | undefined;

export interface CompiledStatement {
  readonly statement: Statement;
  readonly allow: boolean;
  readonly action: ActionTest;
  /** Undefined: no Resource/NotResource element (applies to every resource). */
  readonly resource: ResourceTest | undefined;
  /** Undefined: no Principal/NotPrincipal element (identity-type policies). */
  readonly principal: PrincipalTest | undefined;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly statements: readonly CompiledStatement[];
  /**
   * Statements that can apply to an action of the given (lower-cased) service prefix, in document
   * order: those whose Action names that prefix literally plus those that may match any service
   * (`*`, wildcard prefixes, NotAction). Lets the evaluator skip statements of other services.
   */
  readonly byService: ReadonlyMap<string, readonly CompiledStatement[]>;
  /** Statements that may apply to any service (used for prefixes not in `byService`). */
  readonly anyService: readonly CompiledStatement[];
}

/** Literal service prefixes of a statement, or undefined when it may match any service. */
function servicePrefixes(s: Statement): string[] | undefined {
  if (s.action === undefined) return undefined;
  const out: string[] = [];
  for (const a of s.action) {
    const colon = a.indexOf(':');
    const prefix = a.slice(0, colon).toLowerCase();
    if (colon < 0 || prefix.includes('*') || prefix.includes('?')) return undefined;
    out.push(prefix);
  }
  return out;
}

function indexByService(statements: readonly CompiledStatement[]): Pick<CompiledPolicy, 'byService' | 'anyService'> {
  const prefixes = statements.map((cs) => servicePrefixes(cs.statement));
  const known = new Set(prefixes.flatMap((p) => p ?? []));
  const anyService = statements.filter((_, i) => prefixes[i] === undefined);
  const byService = new Map<string, CompiledStatement[]>();
  for (const service of known) {
    byService.set(service, statements.filter((_, i) => prefixes[i] === undefined || (prefixes[i] as string[]).includes(service)));
  }
  return { byService, anyService };
}

/** The statements worth testing for an action of this lower-cased service prefix (undefined: all). */
export function candidateStatements(policy: CompiledPolicy, service: string | undefined): readonly CompiledStatement[] {
  if (service === undefined) return policy.statements;
  return policy.byService.get(service) ?? policy.anyService;
}

function compileStatement(s: Statement, variables: boolean): CompiledStatement {
  const path = `Statement[${s.index}]`;
  let principal: PrincipalTest | undefined;
  if (s.principal !== undefined) {
    const cp = compilePrincipal(s.principal);
    principal = (p) => principalGrant(cp, p);
  } else if (s.notPrincipal !== undefined) {
    const cp = compilePrincipal(s.notPrincipal);
    principal = (p) => notPrincipalGrant(cp, p);
  }
  const conditions = s.conditions.map((clause) => {
    const op = parseOperator(clause.operatorText);
    if (typeof op === 'string') throw malformed(`${path}.Condition`, op);
    try {
      return compileClause(clause, op, variables);
    } catch (e) {
      if (e instanceof ConditionValueError) {
        throw malformed(`${path}.Condition.${clause.operatorText}`, `${e.message} (key ${JSON.stringify(clause.key)})`);
      }
      throw e;
    }
  });
  return {
    statement: s,
    allow: s.effect === 'Allow',
    action: compileActionElement(s.action, s.notAction),
    resource: compileResourceElement(s.resource, s.notResource, variables),
    principal,
    conditions,
  };
}

const COMPILED = new WeakMap<PolicyDocument, CompiledPolicy>();

/** Compiles (or fetches the compiled form of) a document; throws MALFORMED_POLICY on bad condition values. */
export function compiledPolicy(doc: PolicyDocument): CompiledPolicy {
  let compiled = COMPILED.get(doc);
  if (compiled === undefined) {
    // Policy variables exist only in version 2012-10-17 (IAM User Guide, "Policy variables").
    const variables = doc.version === '2012-10-17';
    const statements = doc.statements.map((s) => compileStatement(s, variables));
    compiled = { statements, ...indexByService(statements) };
    COMPILED.set(doc, compiled);
  }
  return compiled;
}

/** Evaluates the conditions of a statement (ANDed), noting absent keys; true when all hold. */
export function conditionsHold(cs: CompiledStatement, state: EvalState): boolean {
  let ok = true;
  for (const c of cs.conditions) {
    const v = state.value(c.lowerKey, c.clause.key);
    if (v === undefined && !c.isNull) state.noteMissing(c.clause.key);
    if (ok && !c.test(v, state)) ok = false;
  }
  return ok;
}
