/**
 * Web identity benchmark (DESIGN.md performance budgets): `AssumeRoleWithWebIdentity` throughput
 * (verify an ID token against the cached JWKS, evaluate the trust policy, mint and store
 * credentials) against oidc-provider's client-credentials token endpoint, measured in the same run
 * on the same machine. Goal: ratio ≥ 1.5×.
 *
 * One child process runs rolegate on its embedded defaults (in-memory store) with the development
 * simulators on a known port; the reference is the simulated corporate IdP's `/corp/token` (the
 * `oidc-provider` library) in that process. `npx tsx bench/web-identity.ts` runs it alone.
 */
import { pathToFileURL } from 'node:url';
import { freePort, PAIRED_HEADER, paired, pairedRows, startServer, stopServer, type PairedResult } from './http-bench.js';

const MOBILE_ROLE = 'arn:aws:iam::222222222222:role/MobileAppUser';
const BENCH_CLIENT = { id: 'bench-client', secret: 'bench-client-secret-0123456789' };

export async function runWebIdentityBench(durationSec = Number(process.env['BENCH_SECONDS'] ?? 5), logLevel = process.env['BENCH_LOG_LEVEL'] ?? 'info'): Promise<PairedResult> {
  const port = await freePort();
  const simPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const sims = `http://127.0.0.1:${simPort}`;
  const child = await startServer(
    ['--import', 'tsx', 'src/main.ts'],
    { PORT: String(port), HOST: '127.0.0.1', S3_PORT: 'off', IMDS_PORT: 'off', ROLEGATE_DEV_OIDC_PORT: String(simPort), ROLEGATE_DEV_OIDC_URL: sims, LOG_LEVEL: logLevel },
    `${url}/healthz`,
  );
  try {
    const minted = (await (await fetch(`${sims}/corp/mint`, { method: 'POST', body: new URLSearchParams({ sub: 'bench-user' }) })).json()) as { id_token: string };
    const assumeBody = new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: MOBILE_ROLE,
      RoleSessionName: 'bench',
      WebIdentityToken: minted.id_token,
    }).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const check = await fetch(`${url}/`, { method: 'POST', headers: form, body: assumeBody });
    if (check.status !== 200) throw new Error(`AssumeRoleWithWebIdentity answered ${check.status}: ${await check.text()}`);
    const basic = `Basic ${Buffer.from(`${BENCH_CLIENT.id}:${BENCH_CLIENT.secret}`).toString('base64')}`;
    const tokenBody = 'grant_type=client_credentials';
    const ref = await fetch(`${sims}/corp/token`, { method: 'POST', headers: { ...form, authorization: basic }, body: tokenBody });
    if (ref.status !== 200) throw new Error(`oidc-provider token endpoint answered ${ref.status}: ${await ref.text()}`);

    // Both run in the one rolegate process (the simulators are part of it): same process count, same CPU reading.
    return await paired(
      'STS AssumeRoleWithWebIdentity (ID token → credentials)',
      { url: `${url}/`, method: 'POST', headers: form, body: assumeBody, durationSec, serverPid: child.pid! },
      'oidc-provider client_credentials token endpoint (reference)',
      { url: `${sims}/corp/token`, method: 'POST', headers: { ...form, authorization: basic }, body: tokenBody, durationSec, serverPid: child.pid! },
    );
  } finally {
    await stopServer(child);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runWebIdentityBench();
  console.log([...PAIRED_HEADER, ...pairedRows(result)].join('\n'));
  console.log(`\nWeb identity: ratio ${result.ratio.toFixed(2)}× the oidc-provider token endpoint (goal ≥ 1.5×)`);
}
