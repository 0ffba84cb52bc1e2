/**
 * `npm run bench` — every benchmark, each against a reference measured in the same run:
 * - STS `GetCallerIdentity` and `AssumeRole` (SigV4-signed) vs a bare Express route (issue 2);
 * - downstream verification, SigV4 and bearer, vs a bare Express route (goal ≥ 0.8×, issue 7);
 * - the policy engine, decisions per second (issue 3);
 * - SAML assertion validations per second vs bare signature checks (issue 4).
 * Servers run in child processes on the embedded defaults; autocannon drives them from here.
 * Each HTTP scenario alternates with its reference for BENCH_ROUNDS rounds (default 3) of
 * BENCH_SECONDS (default 5) and reports the median back-to-back req/s ratio and the servers' CPU
 * time per request (steadier than req/s when other work shares the cores). rolegate runs at
 * BENCH_LOG_LEVEL (default `info`, production's level: its one log line per request is counted).
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { freePort, PAIRED_HEADER, paired, pairedRows, startServer, stopServer, type LoadOptions, type PairedResult } from './http-bench.js';
import { signedStsRequest } from '../test/helpers/raw-sts.js';
import { signRequest } from '../test/helpers/sign.js';
import { runPolicyBench } from './policy.js';
import { runSamlBench } from './saml.js';
import { runWebIdentityBench } from './web-identity.js';

const ALICE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const UPDATE_APP = 'arn:aws:iam::222222222222:role/UpdateAPP';
const durationSec = Number(process.env['BENCH_SECONDS'] ?? 5);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
/** Production's default level: the one log line per request is part of what a request costs. */
const logLevel = process.env['BENCH_LOG_LEVEL'] ?? 'info';
/** BENCH_ONLY=text runs only the scenarios whose name contains it (case-insensitive), e.g. `bearer`, `web identity`. */
const only = process.env['BENCH_ONLY']?.toLowerCase();
const wanted = (name: string) => !only || name.toLowerCase().includes(only);

async function main(): Promise<void> {
  const helloPort = await freePort();
  const rolegatePort = await freePort();
  const hello = await startServer(['--import', 'tsx', 'bench/servers/express-hello.ts'], { PORT: String(helloPort) }, `http://127.0.0.1:${helloPort}/`);
  const rolegate = await startServer(['--import', 'tsx', 'src/main.ts'], { PORT: String(rolegatePort), HOST: '127.0.0.1', S3_PORT: 'off', IMDS_PORT: 'off', ROLEGATE_DEV_OIDC_PORT: '0', LOG_LEVEL: logLevel }, `http://127.0.0.1:${rolegatePort}/healthz`);
  const url = `http://127.0.0.1:${rolegatePort}`;
  try {
    const reference: LoadOptions = { url: `http://127.0.0.1:${helloPort}/`, durationSec, serverPid: hello.pid! };
    const referenceName = 'bare Express "hello" (reference)';
    const onRolegate = (options: Omit<LoadOptions, 'serverPid' | 'durationSec'>): LoadOptions => ({ ...options, durationSec, serverPid: rolegate.pid! });
    const results: PairedResult[] = [];

    const identity = await signedStsRequest(url, ALICE, 'Action=GetCallerIdentity&Version=2011-06-15');
    if (wanted('STS GetCallerIdentity (SigV4, IAM user)')) results.push(await paired('STS GetCallerIdentity (SigV4, IAM user)', onRolegate({ url: `${url}/`, method: 'POST', headers: strip(identity.headers), body: identity.body! }), referenceName, reference, rounds));

    const assume = await signedStsRequest(url, ALICE, `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(UPDATE_APP)}&RoleSessionName=bench`);
    if (wanted('STS AssumeRole (SigV4, issues credentials)')) results.push(await paired('STS AssumeRole (SigV4, issues credentials)', onRolegate({ url: `${url}/`, method: 'POST', headers: strip(assume.headers), body: assume.body! }), referenceName, reference, rounds));

    const session = await new STSClient({ endpoint: url, region: 'us-east-1', credentials: ALICE }).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'bench-verify' }));
    const creds = { accessKeyId: session.Credentials!.AccessKeyId!, secretAccessKey: session.Credentials!.SecretAccessKey!, sessionToken: session.Credentials!.SessionToken! };
    const signed = await signRequest({ method: 'GET', url: 'http://app.example/productionapp/app.zip', service: 's3', credentials: creds });
    const verifyBody = JSON.stringify({ request: signed, service: 's3', action: 's3:GetObject', resource: 'arn:aws:s3:::productionapp/app.zip', resourceAccount: '222222222222' });
    const json = { 'content-type': 'application/json' };
    if (wanted('verify: SigV4 request (POST /verify)')) results.push(await paired('verify: SigV4 request (POST /verify)', onRolegate({ url: `${url}/verify`, method: 'POST', headers: json, body: verifyBody }), referenceName, reference, rounds));
    const bearerBody = JSON.stringify({ token: creds.sessionToken, action: 's3:GetObject', resource: 'arn:aws:s3:::productionapp/app.zip', resourceAccount: '222222222222' });
    if (wanted('verify: bearer session token (POST /verify)')) results.push(await paired('verify: bearer session token (POST /verify)', onRolegate({ url: `${url}/verify`, method: 'POST', headers: json, body: bearerBody }), referenceName, reference, rounds));

    console.log(`\nHTTP benchmarks (${rounds} rounds of ${durationSec} s after 1 s warm-up, scenario and reference back to back; 50 connections; servers in child processes, in-memory store, LOG_LEVEL ${logLevel})\n`);
    console.log(PAIRED_HEADER.join('\n'));
    for (const result of results) console.log(pairedRows(result).join('\n'));
    const bad = results.filter((r) => r.scenario.non2xx + r.scenario.errors > 0);
    if (bad.length > 0) console.log(`\nWARNING: non-2xx responses in ${bad.map((b) => b.scenario.name).join(', ')}`);
  } finally {
    await Promise.all([stopServer(hello), stopServer(rolegate)]);
  }

  if (wanted('policy engine')) {
    const policy = await runPolicyBench();
    console.log(`\nPolicy engine: ${Math.round(policy.opsPerSec).toLocaleString('en-US')} decisions/s (reference ${Math.round(policy.referenceOpsPerSec).toLocaleString('en-US')} JSON.parse/s, ratio ${policy.ratio.toFixed(2)})`);
  }
  if (wanted('saml')) {
    const saml = await runSamlBench();
    console.log(`SAML: ${Math.round(saml.validationsPerSec).toLocaleString('en-US')} assertion validations/s (reference ${Math.round(saml.referencePerSec).toLocaleString('en-US')} bare xml-crypto signature checks/s of the same documents, ratio ${saml.ratio.toFixed(2)})`);
  }
  if (wanted('web identity')) {
    const web = await runWebIdentityBench(durationSec);
    console.log(`\nWeb identity (goal ≥ 1.5×):\n${PAIRED_HEADER.join('\n')}\n${pairedRows(web).join('\n')}`);
  }
}

function strip(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers };
  delete copy['host'];
  delete copy['content-length'];
  return copy;
}

await main();
