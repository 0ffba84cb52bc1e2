/**
 * Test helper for credential vending: a real rolegate (real composition) with its main listener
 * AND its vending listeners (IMDS/container, pinned per-instance ones) on ephemeral ports, an
 * adjustable clock and a write-counting store. Clients run as async child processes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { composeRolegate, LOG_REDACTIONS, type Rolegate } from '../../src/compose.js';
import { loadSettings, loadVendingSettings } from '../../src/config/index.js';
import type { KeyValueStore } from '../../src/core/index.js';
import { createMemoryStore, createRedisStore } from '../../src/store/index.js';
import { CountingStore } from '../helpers/counting-store.js';
import { AdjustableClock, REDIS_URL } from '../helpers/rolegate-server.js';

export const APP_SERVER_INSTANCE = 'i-0a1b2c3d4e5f67890';
export const APP_SERVER_ROLE = 'arn:aws:iam::222222222222:role/AppServerRole';
export const APP_SERVER_SESSION_ARN = `arn:aws:sts::222222222222:assumed-role/AppServerRole/${APP_SERVER_INSTANCE}`;
/** Demo instances without an instance profile. */
export const CRITICAL_INSTANCE = 'i-0c0ffee0000c0ffee';

export interface VendingServer {
  readonly url: string;
  /** The default IMDS/container listener. */
  readonly imdsUrl: string;
  /** Pinned listeners by instance id. */
  readonly pinnedUrls: Readonly<Record<string, string>>;
  readonly rolegate: Rolegate;
  readonly store: CountingStore;
  readonly clock: AdjustableClock;
  readonly logLines: string[];
  close(): Promise<void>;
}

export interface VendingServerOptions {
  readonly configDir?: string;
  readonly env?: Record<string, string>;
  readonly storeKind?: 'memory' | 'redis';
}

/**
 * An HTTP server for `app` whose `Date` header follows rolegate's (adjustable) clock: when a test
 * moves time forward for rolegate and the client alike, the SDK's clock-skew correction (which
 * reads `Date`) sees a consistent world.
 */
function serverFor(app: RequestListener, clock: AdjustableClock): Server {
  return createServer((req, res) => {
    res.sendDate = false;
    res.setHeader('Date', new Date(clock.now()).toUTCString());
    app(req, res);
  });
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return (server.address() as AddressInfo).port;
}

export async function startVendingRolegate(options: VendingServerOptions = {}): Promise<VendingServer> {
  const clock = new AdjustableClock();
  const env = { ROLEGATE_CONFIG: options.configDir ?? 'config', PORT: '0', LOG_LEVEL: 'info', IMDS_PORT: '0', ...options.env };
  const settings = loadSettings(env);
  const vending = loadVendingSettings(env);
  const logLines: string[] = [];
  const logger = pino({ level: 'info', redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } }, { write: (line: string) => void logLines.push(line) });
  const inner: KeyValueStore =
    options.storeKind === 'redis' ? await createRedisStore({ url: REDIS_URL, prefix: `rgtest:${randomBytes(6).toString('hex')}:` }) : createMemoryStore({ clock });
  const store = new CountingStore(inner);
  const rolegate = await composeRolegate(settings, { clock, logger, store, vending });
  const servers: Server[] = [];
  const main = serverFor(rolegate.app, clock);
  servers.push(main);
  const url = `http://127.0.0.1:${await listen(main, '127.0.0.1')}`;
  let imdsUrl = '';
  const pinnedUrls: Record<string, string> = {};
  for (const listener of rolegate.listeners) {
    const server = serverFor(listener.app, clock);
    servers.push(server);
    const port = await listen(server, '127.0.0.1');
    if (listener.name === 'imds') imdsUrl = `http://127.0.0.1:${port}`;
    else if (listener.name.startsWith('imds ')) pinnedUrls[listener.name.slice('imds '.length)] = `http://127.0.0.1:${port}`;
  }
  return {
    url,
    imdsUrl,
    pinnedUrls,
    rolegate,
    store,
    clock,
    logLines,
    async close() {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await rolegate.close();
    },
  };
}

/** A copy of the demo configuration, changed by `edit(productionJson)`. */
export function demoConfigWith(edit: (production: Record<string, any>) => void): string {
  // Keep the repository layout: configuration files may name files relative to it (../certs/…).
  const root = mkdtempSync(join(tmpdir(), 'rolegate-vending-config-'));
  const dir = join(root, 'config');
  cpSync('config', dir, { recursive: true });
  if (existsSync('certs')) symlinkSync(resolve('certs'), join(root, 'certs'), 'dir');
  const file = join(dir, 'accounts', 'production.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return dir;
}

/** An environment with nothing AWS-related but what the test sets (HOME and AWS files in a fresh temp dir). */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'rolegate-vending-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
  };
  for (const key of ['PYENV_ROOT', 'PYENV_VERSION', 'LANG', 'SYSTEMROOT']) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}

export interface SdkChild {
  /** GetCallerIdentity with the SDK's default credential chain; returns the ARN and the key used. */
  call(): Promise<{ arn: string; accessKeyId: string; expiration: string | null }>;
  /** Calls until the SDK presents credentials other than `accessKeyId` (its refresh near expiry runs in the background). */
  callUntilRefreshed(accessKeyId: string): Promise<{ arn: string; accessKeyId: string; expiration: string | null; calls: number }>;
  /** Moves the child's clock (Date) forward, as rolegate's AdjustableClock is moved. */
  shift(ms: number): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

/**
 * A long-lived child node process running `new STSClient({})` with the default credential chain
 * (test/vending/fixtures/sdk-caller.mjs), driven line by line over stdin/stdout. Async: the
 * rolegate under test runs in this process.
 */
export function startSdkChild(env: NodeJS.ProcessEnv): SdkChild {
  const child = spawn(process.execPath, ['test/vending/fixtures/sdk-caller.mjs'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const request = async (command: string): Promise<any> => {
    const answer = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sdk child did not answer "${command}"\n${stderr}`)), 30_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
    child.stdin.write(`${command}\n`);
    const parsed = JSON.parse(await answer);
    if (!parsed.ok) throw Object.assign(new Error(`sdk child: ${parsed.error}\n${stderr}`), { name: parsed.name });
    return parsed;
  };
  return {
    call: () => request('call'),
    async callUntilRefreshed(accessKeyId) {
      for (let calls = 1; calls <= 50; calls++) {
        const result = await request('call');
        if (result.accessKeyId !== accessKeyId) return { ...result, calls };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the SDK kept presenting ${accessKeyId}\n${stderr}`);
    },
    shift: async (ms) => void (await request(`shift ${ms}`)),
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    output: () => stderr,
  };
}
