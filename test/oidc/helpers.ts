/**
 * Test helpers for web identity federation: simulators + an in-process rolegate pointed at them.
 */
import { startSimulators, type RunningSimulators } from '../../src/dev-oidc/index.js';
import { startRolegate, type StartOptions, type TestServer } from '../helpers/rolegate-server.js';

export const MOBILE_ROLE = 'arn:aws:iam::222222222222:role/MobileAppUser';

export interface WebIdentityFixture {
  readonly sims: RunningSimulators;
  readonly rg: TestServer;
  close(): Promise<void>;
}

export async function startWebIdentityFixture(options: StartOptions = {}): Promise<WebIdentityFixture> {
  const sims = await startSimulators();
  const rg = await startRolegate({ ...options, env: { ROLEGATE_DEV_OIDC_URL: sims.url, S3_PORT: 'off', ...options.env } });
  return {
    sims,
    rg,
    async close() {
      await rg.close();
      await sims.close();
    },
  };
}

export interface StsAnswer {
  readonly status: number;
  readonly body: string;
  readonly code: string | undefined;
  field(name: string): string | undefined;
}

export async function assumeWithWebIdentity(baseUrl: string, token: string, extra: Record<string, string> = {}): Promise<StsAnswer> {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: MOBILE_ROLE,
    RoleSessionName: 'mobile-user',
    WebIdentityToken: token,
    ...extra,
  });
  const response = await fetch(`${baseUrl}/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const text = await response.text();
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  return { status: response.status, body: text, code: field('Code'), field };
}
