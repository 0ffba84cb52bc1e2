/**
 * @module config/cli-settings — arguments and environment of the credential command-line tools.
 *
 * The tools under `src/cli/` are small composition roots; like `main.ts` they get everything they
 * read from the environment through this module (the only layer that reads `process.env`).
 */
import { parseArgs } from 'node:util';
import { loadSettings, type Settings } from './settings.js';
import { loadVendingSettings } from './vending-settings.js';

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new CliUsageError(`--${name} must be an integer from ${min} to ${max}`);
  return Number(text);
}

// --- credential_process ------------------------------------------------------------------------

export interface CredentialProcessSettings {
  readonly endpoint: string;
  readonly region: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly externalId?: string;
  /** Source credentials: a named profile of the shared files… */
  readonly profile?: string;
  /** …or keys from this process's environment. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

export const CREDENTIAL_PROCESS_USAGE = `usage: rolegate-credential-process --role-arn ARN [--role-session-name NAME] [--endpoint URL]
       [--profile SOURCE_PROFILE] [--region REGION] [--duration-seconds N] [--external-id ID]
Source credentials come from --profile, else from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
(/ AWS_SESSION_TOKEN). The endpoint defaults to AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL.`;

export function loadCredentialProcessSettings(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CredentialProcessSettings {
  const values = parse(argv, {
    endpoint: { type: 'string' },
    'role-arn': { type: 'string' },
    'role-session-name': { type: 'string' },
    'duration-seconds': { type: 'string' },
    'external-id': { type: 'string' },
    profile: { type: 'string' },
    region: { type: 'string' },
  });
  const roleArn = nonEmpty(values['role-arn']);
  if (!roleArn) throw new CliUsageError('--role-arn is required');
  // Never fall back to the real AWS endpoint: the source keys would be sent to AWS.
  const endpoint = nonEmpty(values.endpoint) ?? nonEmpty(env['AWS_ENDPOINT_URL_STS']) ?? nonEmpty(env['AWS_ENDPOINT_URL']);
  if (!endpoint) throw new CliUsageError('--endpoint (or AWS_ENDPOINT_URL_STS) is required: the URL of rolegate');
  if (!/^https?:\/\/[^\s/]+/.test(endpoint)) throw new CliUsageError('--endpoint must be an http(s) URL');
  const profile = nonEmpty(values.profile);
  const durationSeconds = integerOption('duration-seconds', values['duration-seconds'], 900, 43200);
  const externalId = nonEmpty(values['external-id']);
  let credentials: CredentialProcessSettings['credentials'];
  if (!profile) {
    const accessKeyId = nonEmpty(env['AWS_ACCESS_KEY_ID']);
    const secretAccessKey = nonEmpty(env['AWS_SECRET_ACCESS_KEY']);
    if (!accessKeyId || !secretAccessKey) {
      throw new CliUsageError('no source credentials: pass --profile NAME or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    }
    const sessionToken = nonEmpty(env['AWS_SESSION_TOKEN']);
    credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  return {
    endpoint: endpoint.replace(/\/$/, ''),
    region: nonEmpty(values.region) ?? nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']) ?? 'us-east-1',
    roleArn,
    roleSessionName: nonEmpty(values['role-session-name']) ?? 'rolegate-credential-process',
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(externalId ? { externalId } : {}),
    ...(profile ? { profile } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

// --- container-token ---------------------------------------------------------------------------

export interface ContainerTokenSettings {
  readonly settings: Settings;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly ttlSeconds: number;
  /** `AWS_CONTAINER_CREDENTIALS_FULL_URI` to print. */
  readonly fullUri: string;
  readonly json: boolean;
}

export const CONTAINER_TOKEN_USAGE = `usage: npm run --silent container-token -- --role-arn ARN --session-name NAME [--ttl-seconds N] [--url URL] [--json]
Prints AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN for the role session.
The token is signed with ROLEGATE_MASTER_KEY (the same key the server uses); the role must trust
ecs-tasks.amazonaws.com.`;

export function loadContainerTokenSettings(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ContainerTokenSettings {
  const values = parse(argv, {
    'role-arn': { type: 'string' },
    'session-name': { type: 'string' },
    'role-session-name': { type: 'string' },
    'ttl-seconds': { type: 'string' },
    url: { type: 'string' },
    json: { type: 'boolean' },
  });
  const roleArn = nonEmpty(values['role-arn']);
  const sessionName = nonEmpty(values['session-name']) ?? nonEmpty(values['role-session-name']);
  if (!roleArn) throw new CliUsageError('--role-arn is required');
  if (!sessionName) throw new CliUsageError('--session-name is required');
  const settings = loadSettings(env);
  const vending = loadVendingSettings(env);
  const ttlSeconds = integerOption('ttl-seconds', values['ttl-seconds'], 900, 7 * 24 * 3600) ?? 12 * 3600;
  const host = vending.imdsHost === '0.0.0.0' || vending.imdsHost === '::' ? '127.0.0.1' : vending.imdsHost;
  const fullUri = nonEmpty(values.url) ?? `http://${host.includes(':') ? `[${host}]` : host}:${vending.imdsPort ?? 8082}/v1/credentials`;
  return { settings, roleArn, sessionName, ttlSeconds, fullUri, json: values.json === true };
}
