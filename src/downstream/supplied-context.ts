/**
 * @module downstream/supplied-context — which condition keys a downstream app may supply to /verify.
 *
 * The app describes its request (`s3:prefix`, `aws:SourceIp` of its own client, …), but keys that
 * describe the principal, its session or rolegate's clock come from the presented credentials only.
 * Otherwise an app that forwards its client's input could let that client claim MFA
 * (`aws:MultiFactorAuthPresent`), another principal's tags, or another federated user's
 * `www.amazon.com:user_id` in a policy variable. AWS does not let callers set these either.
 */
import { BridgeError } from '../errors.js';

const PRINCIPAL_KEYS = /^aws:(principal|userid$|username$|multifactorauth|tokenissuetime$|sourceidentity$|federatedprovider$|currenttime$|epochtime$|viaawsservice$|calledvia|sourcearn$|sourceaccount$|sourceorg)/i;

/** Identity-provider keys (`saml:sub`, `accounts.google.com:aud`, `issuer.example/realm:sub`): the prefix is `saml` or a host. */
const PROVIDER_KEY = /^(saml|[^:]*[./][^:]*):/i;

export function assertSuppliedContext(context: Readonly<Record<string, unknown>> | undefined): void {
  for (const key of Object.keys(context ?? {})) {
    if (PRINCIPAL_KEYS.test(key) || PROVIDER_KEY.test(key)) {
      throw new BridgeError('VALIDATION', { message: `Context key ${key} describes the caller; rolegate takes it from the presented credentials, it cannot be supplied.` });
    }
  }
}
