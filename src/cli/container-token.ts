/**
 * @module cli/container-token — issues a container-credentials token for one role session.
 *
 * ```sh
 * eval "$(npm run --silent container-token -- --role-arn arn:aws:iam::222222222222:role/AppServerRole --session-name web-task)"
 * # → export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:8082/v1/credentials
 * #   export AWS_CONTAINER_AUTHORIZATION_TOKEN=rgct1.…
 * ```
 *
 * An operator action: the token is signed with `ROLEGATE_MASTER_KEY` (the server's key, read from
 * the same environment), bound to the role and session name, valid for `--ttl-seconds` (default
 * 12 h, at most 7 days). The role must trust `ecs-tasks.amazonaws.com`; this is checked here, from
 * the configuration in `ROLEGATE_CONFIG`, and again by the server whenever it mints.
 * Exit status: 0 issued, 1 refused or configuration error, 2 usage error.
 */
import { randomBytes } from 'node:crypto';
import { CliUsageError, CONTAINER_TOKEN_USAGE, ConfigError, loadContainerTokenSettings, loadDirectoryData } from '../config/index.js';
import { createDirectory, evaluateTrustPolicy } from '../core/index.js';
import { isBridgeError } from '../errors.js';
import { issueContainerToken } from '../vending/index.js';

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function run(): number {
  let options;
  try {
    options = loadContainerTokenSettings(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`container-token: ${error.message}\n${CONTAINER_TOKEN_USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    const directory = createDirectory(loadDirectoryData(options.settings.configDir));
    const issued = issueContainerToken(
      {
        directory,
        keys: { master: options.settings.masterKey },
        clock: { now: () => Date.now() },
        random: { bytes: (n) => randomBytes(n) },
        evaluateTrust: evaluateTrustPolicy,
      },
      { roleArn: options.roleArn, sessionName: options.sessionName, ttlSeconds: options.ttlSeconds },
    );
    const expires = new Date(issued.claims.exp * 1000).toISOString();
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ AWS_CONTAINER_CREDENTIALS_FULL_URI: options.fullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN: issued.token, tokenId: issued.claims.jti, expires })}\n`,
      );
    } else {
      process.stdout.write(`export AWS_CONTAINER_CREDENTIALS_FULL_URI=${shellQuote(options.fullUri)}\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN=${shellQuote(issued.token)}\n`);
      process.stderr.write(`container-token: token ${issued.claims.jti} for ${options.roleArn} session ${options.sessionName}, valid until ${expires}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || isBridgeError(error)) {
      process.stderr.write(`container-token: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = run();
