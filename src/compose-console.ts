/**
 * @module compose-console — composition of the console: landing and sign-in, switch role,
 * resources, operations pages and the federation endpoint.
 *
 * Part of the composition root. Sign-in options are the SAML providers' and the OIDC/social
 * browser logins' links, built by their compositions.
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
  type ConsoleRouterDeps,
  type SignInOption,
} from './http/index.js';

export interface ConsoleComposition {
  readonly console: ConsoleDeps;
  readonly publicUrl: string;
  readonly signInOptions: readonly SignInOption[];
  readonly idpInitiatedUrl?: string;
  /** After sign-out, where to send the browser (a SAML LogoutRequest to the IdP), if anywhere. */
  readonly signOutRedirect?: ConsoleRouterDeps['signOutRedirect'];
  /** The S3 demo service's object store. */
  readonly objects: ObjectStore;
  readonly listInstances: ConsoleOperationsDeps['listInstances'];
}

export function composeConsole(c: ConsoleComposition): ReturnType<typeof consoleRouter>[] {
  const base = { console: c.console, publicUrl: c.publicUrl };
  return [
    consoleRouter({
      ...base,
      signInOptions: c.signInOptions,
      ...(c.idpInitiatedUrl ? { idpInitiatedUrl: c.idpInitiatedUrl } : {}),
      ...(c.signOutRedirect ? { signOutRedirect: c.signOutRedirect } : {}),
    }),
    consoleSwitchRouter(base),
    consoleResourcesRouter({ ...base, objects: c.objects }),
    consoleOperationsRouter({ ...base, listInstances: c.listInstances }),
    federationRouter(base),
  ];
}
