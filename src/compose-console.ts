/**
 * @module compose-console — composition of the console: landing and sign-in, switch role,
 * resources, operations pages and the federation endpoint.
 *
 * Part of the composition root. Sign-in options are the SAML providers' links today; other login
 * flows (OIDC, social) add theirs to `signInOptions` here.
 */
import type { ConsoleDeps } from './console/index.js';
import type { ObjectStore } from './core/index.js';
import {
  consoleOperationsRouter,
  consoleResourcesRouter,
  consoleRouter,
  consoleSwitchRouter,
  federationRouter,
  type ConsoleOperationsDeps,
  type SignInOption,
} from './http/index.js';

export interface ConsoleComposition {
  readonly console: ConsoleDeps;
  readonly publicUrl: string;
  readonly signInOptions: readonly SignInOption[];
  readonly idpInitiatedUrl?: string;
  /** The S3 demo service's object store. */
  readonly objects: ObjectStore;
  readonly listInstances: ConsoleOperationsDeps['listInstances'];
}

export function composeConsole(c: ConsoleComposition): ReturnType<typeof consoleRouter>[] {
  const base = { console: c.console, publicUrl: c.publicUrl };
  return [
    consoleRouter({ ...base, signInOptions: c.signInOptions, ...(c.idpInitiatedUrl ? { idpInitiatedUrl: c.idpInitiatedUrl } : {}) }),
    consoleSwitchRouter(base),
    consoleResourcesRouter({ ...base, objects: c.objects }),
    consoleOperationsRouter({ ...base, listInstances: c.listInstances }),
    federationRouter(base),
  ];
}
