/**
 * @module config/config-error — start-up configuration mistakes, each with file, path and reason.
 *
 * Not part of the client-facing error catalog: these never reach a client; they stop the process.
 */
export interface ConfigIssue {
  readonly file: string;
  /** Path inside the file, e.g. `roles[0].trustPolicy.Statement[1].Condition`. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.file}: ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
