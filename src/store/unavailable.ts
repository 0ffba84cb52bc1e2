/**
 * @module store/unavailable — the one way a store reports that it cannot serve a call.
 */

import { BridgeError } from '../errors.js';

/** `detail` is internal (logged, never sent); the public message stays the catalog default. */
export function storeUnavailable(detail: string, cause?: unknown): BridgeError {
  return new BridgeError('STORE_UNAVAILABLE', { detail, cause });
}
