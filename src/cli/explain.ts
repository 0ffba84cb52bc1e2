/**
 * @module cli/explain — `npm run explain -- --principal ARN --action ACTION [--resource ARN] …`:
 * explains one decision offline, from the configuration files, without a running gateway.
 *
 * A composition root (like `main.ts`): it reads its command line (`process.argv`) and the
 * configuration directory, builds the directory with the core and explains with
 * `iam/explain.ts` — the same code as `POST /admin/explain`. It reads no environment variable:
 * the configuration directory is `--config` (default `config`, the same default as
 * `ROLEGATE_CONFIG`), so config/ stays the only layer that reads the environment.
 *
 * For `sts:AssumeRole*` (and `sts:TagSession`, `sts:SetSourceIdentity`) on a role it evaluates
 * identity ∩ trust as the real AssumeRole does. `--context key=value` may be repeated; a key given
 * several times becomes a multi-valued key. `--session-policy` takes JSON text or `@file`.
 *
 * Exit status: 0 allowed, 2 denied, 1 usage or configuration error.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadDirectoryData } from '../config/index.js';
import { createDirectory } from '../core/index.js';
import { isBridgeError } from '../errors.js';
import { decisionJson, explainAccess, parseExplainInput } from '../iam/index.js';

const USAGE = `usage: npm run explain -- --principal ARN --action SERVICE:ACTION [--resource ARN]
                         [--context KEY=VALUE ...] [--session-policy JSON|@FILE] [--config DIR] [--json]

  --principal       a user (arn:aws:iam::ACCT:user/NAME), a role (arn:aws:iam::ACCT:role/NAME)
                    or a role session (arn:aws:sts::ACCT:assumed-role/ROLE/SESSION)
  --action          e.g. sts:AssumeRole, s3:GetObject
  --resource        resource ARN (default *)
  --context         a condition key and its value, e.g. sts:ExternalId=Audit-7f3c9e (repeatable)
  --session-policy  a session policy, as JSON text or @path/to/policy.json
  --config          configuration directory (default: config)
  --json            print the explanation as JSON

exit status: 0 allowed, 2 denied, 1 usage or configuration error`;

class UsageError extends Error {}

interface Options {
  readonly body: Record<string, unknown>;
  readonly configDir: string;
  readonly json: boolean;
}

function readOptions(argv: readonly string[]): Options | 'help' {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        principal: { type: 'string' },
        action: { type: 'string' },
        resource: { type: 'string' },
        context: { type: 'string', multiple: true },
        'session-policy': { type: 'string' },
        config: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (values.principal === undefined) throw new UsageError('--principal is required');
  if (values.action === undefined) throw new UsageError('--action is required');
  const context: Record<string, string | string[]> = {};
  for (const pair of values.context ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--context ${pair}: expected KEY=VALUE`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const existing = context[key];
    context[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  let sessionPolicy: string | undefined;
  const policyArg = values['session-policy'];
  if (policyArg !== undefined) {
    try {
      sessionPolicy = policyArg.startsWith('@') ? readFileSync(policyArg.slice(1), 'utf8') : policyArg;
    } catch (error) {
      throw new UsageError(`--session-policy: cannot read ${policyArg.slice(1)}: ${(error as Error).message}`);
    }
  }
  return {
    body: {
      principalArn: values.principal,
      action: values.action,
      ...(values.resource !== undefined ? { resource: values.resource } : {}),
      context,
      ...(sessionPolicy !== undefined ? { sessionPolicy } : {}),
    },
    configDir: values.config ?? 'config',
    json: values.json === true,
  };
}

/** Runs the command; returns the exit status. Exported so tests can run it in-process too. */
export function runExplain(argv: readonly string[], nowMs: number, out: (text: string) => void, err: (text: string) => void): number {
  try {
    const options = readOptions(argv);
    if (options === 'help') {
      out(USAGE);
      return 0;
    }
    const directory = createDirectory(loadDirectoryData(options.configDir));
    const explanation = explainAccess(directory, parseExplainInput(options.body), nowMs);
    if (options.json) {
      const { text, decision, ...rest } = explanation;
      out(JSON.stringify({ ...rest, ...decisionJson(decision), explanation: text }, null, 2));
    } else {
      out(explanation.text);
    }
    return explanation.decision.allowed ? 0 : 2;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`explain: ${error.message}\n\n${USAGE}`);
      return 1;
    }
    if (error instanceof ConfigError) {
      err(error.message);
      return 1;
    }
    if (isBridgeError(error)) {
      err(`explain: ${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = runExplain(
    process.argv.slice(2),
    Date.now(),
    (text) => process.stdout.write(`${text}\n`),
    (text) => process.stderr.write(`${text}\n`),
  );
}
