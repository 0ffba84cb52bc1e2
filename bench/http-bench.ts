/**
 * HTTP benchmark helpers: servers in child processes, load from this process with autocannon.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

export interface LoadResult {
  readonly name: string;
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /**
   * Server CPU time (user + system) per request, in µs, when the server's pid was given. Unlike
   * req/s this hardly depends on what else the shared cores are doing, so it is the steadier
   * comparison on a busy machine.
   */
  readonly cpuUsPerRequest?: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields after the command name: state is field 3, utime 14 and stime 15 (proc(5)), in clock ticks (100/s on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}

export async function startServer(args: string[], env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(readyUrl)).status < 500) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${args.join(' ')}`);
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  await exited;
}

export interface LoadOptions {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly durationSec?: number;
  readonly connections?: number;
  /** The server process, to report its CPU time per request. */
  readonly serverPid?: number;
}

export async function load(name: string, options: LoadOptions): Promise<LoadResult> {
  const base = {
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    connections: options.connections ?? 50,
  };
  await autocannon({ ...base, duration: 1 }); // warm-up
  const cpuBefore = options.serverPid ? cpuSecondsOf(options.serverPid) : undefined;
  const result = await autocannon({ ...base, duration: options.durationSec ?? 5 });
  const cpuAfter = options.serverPid ? cpuSecondsOf(options.serverPid) : undefined;
  const total = result.requests.total;
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && total > 0 ? { cpuUsPerRequest: Math.round(((cpuAfter - cpuBefore) * 1e6) / total) } : {}),
  };
}

export interface PairedResult {
  readonly scenario: LoadResult;
  readonly reference: LoadResult;
  /** Median over the rounds of scenario req/s ÷ reference req/s measured back to back. */
  readonly ratio: number;
  /** Reference CPU µs per request ÷ scenario CPU µs per request (higher is better, like `ratio`). */
  readonly cpuRatio?: number;
}

/**
 * The scenario and its reference, alternated for `rounds` rounds (reference, scenario, reference,
 * scenario, …): other load on the shared cores drifts over seconds, so a ratio of two runs taken
 * back to back is far steadier than a ratio to one reference run at the start.
 */
export async function paired(name: string, scenario: LoadOptions, referenceName: string, reference: LoadOptions, rounds = Number(process.env['BENCH_ROUNDS'] ?? 3)): Promise<PairedResult> {
  const refs: LoadResult[] = [];
  const runs: LoadResult[] = [];
  for (let round = 0; round < rounds; round++) {
    refs.push(await load(referenceName, reference));
    runs.push(await load(name, scenario));
  }
  const ratios = runs.map((run, i) => run.requestsPerSec / refs[i]!.requestsPerSec);
  const scenarioResult = combine(name, runs);
  const referenceResult = combine(referenceName, refs);
  return {
    scenario: scenarioResult,
    reference: referenceResult,
    ratio: median(ratios),
    ...(scenarioResult.cpuUsPerRequest && referenceResult.cpuUsPerRequest ? { cpuRatio: referenceResult.cpuUsPerRequest / scenarioResult.cpuUsPerRequest } : {}),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds of one scenario: median req/s and latencies, summed errors, median CPU per request. */
function combine(name: string, runs: readonly LoadResult[]): LoadResult {
  const cpu = runs.map((r) => r.cpuUsPerRequest).filter((v): v is number => v !== undefined);
  return {
    name,
    requestsPerSec: Math.round(median(runs.map((r) => r.requestsPerSec))),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    ...(cpu.length === runs.length ? { cpuUsPerRequest: Math.round(median(cpu)) } : {}),
  };
}

export function pairedRows(result: PairedResult): string[] {
  const cells = (r: LoadResult) => `${r.requestsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.cpuUsPerRequest ?? '–'} | ${r.non2xx + r.errors}`;
  return [
    `| ${result.reference.name} | ${cells(result.reference)} | 1.00× | 1.00× |`,
    `| ${result.scenario.name} | ${cells(result.scenario)} | **${result.ratio.toFixed(2)}×** | ${result.cpuRatio ? `${result.cpuRatio.toFixed(2)}×` : '–'} |`,
  ];
}

export const PAIRED_HEADER = ['| scenario | req/s | p50 ms | p99 ms | server CPU µs/req | errors | ratio (req/s, back to back) | ratio (CPU/req) |', '|---|---|---|---|---|---|---|---|'];
