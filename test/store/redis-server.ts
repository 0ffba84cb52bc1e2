/**
 * A throw-away `redis-server` child process on its own port, for outage tests.
 * Every process started here is killed by `stopAllRedisServers()` and, as a last resort, on exit.
 */

import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Why redis-server cannot be used here, or undefined when it can. */
export function redisServerMissing(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) return probe.error.message;
  return probe.status === 0 ? undefined : `redis-server --version exited with ${String(probe.status)}`;
}

/** A port nothing listens on right now (the OS picks it, we release it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export interface RedisServerProcess {
  readonly port: number;
  readonly url: string;
  /** (Re)starts the server on the same port and resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL, like a crash: no goodbye to the clients. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its sockets open but stops answering (a hung Redis). */
  pause(): void;
  resume(): void;
}

export function redisServer(port: number): RedisServerProcess {
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child !== undefined) throw new Error('redis-server already running');
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    child = started;
    running.add(started);
    started.once('exit', () => running.delete(started));
    await waitForReady(started);
  };

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    async kill() {
      const current = child;
      child = undefined;
      if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
      const exited = once(current, 'exit');
      current.kill('SIGKILL');
      await exited;
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
  };
}

async function waitForReady(child: ChildProcess): Promise<void> {
  const stdout = child.stdout;
  if (stdout === null) throw new Error('redis-server has no stdout');
  stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`redis-server not ready within 5 s: ${seen}`)), 5_000);
    const onData = (chunk: string): void => {
      seen += chunk;
      if (seen.includes('Ready to accept connections')) finish();
    };
    const onExit = (code: number | null): void => fail(new Error(`redis-server exited early (${String(code)}): ${seen}`));
    const cleanup = (): void => {
      clearTimeout(timer);
      stdout.off('data', onData);
      child.off('exit', onExit);
    };
    const finish = (): void => {
      cleanup();
      stdout.resume(); // keep draining so the child never blocks on a full pipe
      resolve();
    };
    const fail = (err: Error): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(err);
    };
    stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
