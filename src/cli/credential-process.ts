/**
 * @module cli/credential-process — an AWS `credential_process` helper backed by rolegate.
 *
 * ```ini
 * [profile app]
 * credential_process = /path/to/rolegate/bin/rolegate-credential-process --endpoint http://localhost:8080 --role-arn arn:aws:iam::222222222222:role/UpdateAPP --role-session-name alice --profile dev
 * ```
 *
 * Calls rolegate's STS `AssumeRole` with the source credentials (`--profile NAME` from the shared
 * files, else `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` of its own
 * environment — never the SDK's whole default chain, which could lead back to this very process)
 * and prints the documented JSON (sts.md §10.3):
 * `{"Version":1,"AccessKeyId","SecretAccessKey","SessionToken","Expiration","AccountId"}`.
 * Errors: a message on stderr and a non-zero exit (2 usage, 1 refused or unreachable).
 *
 * A composition root like `main.ts`: it reads its arguments and environment through `config/`.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError, CliUsageError, CREDENTIAL_PROCESS_USAGE, loadCredentialProcessSettings } from '../config/index.js';

async function run(): Promise<number> {
  let settings;
  try {
    settings = loadCredentialProcessSettings(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof ConfigError) {
      process.stderr.write(`rolegate-credential-process: ${error.message}\n${CREDENTIAL_PROCESS_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const client = new STSClient({
    endpoint: settings.endpoint,
    region: settings.region,
    maxAttempts: 2,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  try {
    const result = await client.send(
      new AssumeRoleCommand({
        RoleArn: settings.roleArn,
        RoleSessionName: settings.roleSessionName,
        ...(settings.durationSeconds !== undefined ? { DurationSeconds: settings.durationSeconds } : {}),
        ...(settings.externalId !== undefined ? { ExternalId: settings.externalId } : {}),
      }),
    );
    const c = result.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('the AssumeRole response carried no credentials');
    const accountId = /^arn:[^:]+:sts::(\d{12}):/.exec(result.AssumedRoleUser?.Arn ?? '')?.[1];
    const output = {
      Version: 1,
      AccessKeyId: c.AccessKeyId,
      SecretAccessKey: c.SecretAccessKey,
      SessionToken: c.SessionToken,
      Expiration: c.Expiration.toISOString(),
      ...(accountId ? { AccountId: accountId } : {}),
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    const e = error as { name?: string; message?: string };
    process.stderr.write(`rolegate-credential-process: AssumeRole ${settings.roleArn} failed: ${e.name ?? 'Error'}: ${e.message ?? String(error)}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

process.exitCode = await run();
