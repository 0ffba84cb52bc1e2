/**
 * @module oidc/mapping — mapping beyond AWS: ordered rules from verified claims to roles, an explicit
 * ambiguity strategy, and templates from claims to session tags (pure; nothing is remembered
 * between logins).
 *
 * A rule matches when its claim (single- or multi-valued, e.g. `groups`) has a value that
 * `equals`, `contains` (substring), `startsWith` or `matches` (a regular expression) the rule's
 * value. Every matching rule contributes its role, in rule order. With several distinct roles the
 * provider's strategy decides: `deny` (refuse), `default` (the provider's default role), or `ask`
 * (the caller chooses among them; for the token exchange, the caller must name one).
 *
 * Tag templates: `{{claim}}` is replaced by the claim's value (first value if multi-valued);
 * `{{claim|prefix:team-}}` takes the first value that starts with `team-`, without the prefix.
 * A template whose claim is absent yields no tag.
 */
export type MappingOperator = 'equals' | 'contains' | 'startsWith' | 'matches';

export interface MappingRule {
  readonly claim: string;
  readonly op: MappingOperator;
  readonly value: string;
  readonly roleArn: string;
}

export interface MappingSpec {
  readonly rules: readonly MappingRule[];
  readonly ambiguity: 'deny' | 'default' | 'ask';
  readonly defaultRoleArn?: string;
  /** Session tag key → template. */
  readonly sessionTags: Readonly<Record<string, string>>;
}

export type MappingOutcome =
  | { readonly kind: 'role'; readonly roleArn: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly roleArns: readonly string[] }
  | { readonly kind: 'choose'; readonly roleArns: readonly string[] };

function valuesOf(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

const MAX_VALUE_CHARS = 1024;

export function ruleMatches(rule: MappingRule, claims: Readonly<Record<string, unknown>>): boolean {
  const values = valuesOf(claims, rule.claim).filter((v) => v.length <= MAX_VALUE_CHARS);
  switch (rule.op) {
    case 'equals':
      return values.includes(rule.value);
    case 'contains':
      return values.some((v) => v.includes(rule.value));
    case 'startsWith':
      return values.some((v) => v.startsWith(rule.value));
    case 'matches': {
      const pattern = new RegExp(rule.value, 'u');
      return values.some((v) => pattern.test(v));
    }
  }
}

export function resolveMapping(spec: MappingSpec, claims: Readonly<Record<string, unknown>>): MappingOutcome {
  const roles = [...new Set(spec.rules.filter((r) => ruleMatches(r, claims)).map((r) => r.roleArn))];
  if (roles.length === 1) return { kind: 'role', roleArn: roles[0]! };
  if (roles.length === 0) return spec.defaultRoleArn ? { kind: 'role', roleArn: spec.defaultRoleArn } : { kind: 'none' };
  if (spec.ambiguity === 'default' && spec.defaultRoleArn) return { kind: 'role', roleArn: spec.defaultRoleArn };
  if (spec.ambiguity === 'ask') return { kind: 'choose', roleArns: roles };
  return { kind: 'ambiguous', roleArns: roles };
}

/** The roles a login may use at all (the caller-named role must be one of them when rules exist). */
export function allowedRoles(spec: MappingSpec, claims: Readonly<Record<string, unknown>>): readonly string[] {
  const roles = new Set(spec.rules.filter((r) => ruleMatches(r, claims)).map((r) => r.roleArn));
  if (spec.defaultRoleArn) roles.add(spec.defaultRoleArn);
  return [...roles];
}

const TEMPLATE = /\{\{\s*([\w:/.-]{1,128})\s*(?:\|\s*prefix:([^}]{1,64}))?\s*\}\}/g;

export function renderSessionTags(templates: Readonly<Record<string, string>>, claims: Readonly<Record<string, unknown>>): Array<{ key: string; value: string }> {
  const tags: Array<{ key: string; value: string }> = [];
  for (const [key, template] of Object.entries(templates)) {
    let missing = false;
    const value = template.replace(TEMPLATE, (_m, claim: string, prefix: string | undefined) => {
      const values = valuesOf(claims, claim);
      const picked = prefix === undefined ? values[0] : values.find((v) => v.startsWith(prefix))?.slice(prefix.length);
      if (picked === undefined || picked === '') {
        missing = true;
        return '';
      }
      return picked;
    });
    if (!missing && value.length > 0 && value.length <= 256) tags.push({ key, value });
  }
  return tags;
}
