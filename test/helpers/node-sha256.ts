/**
 * Test helper: the Checksum implementation @smithy/signature-v4 needs, on node:crypto.
 */
import { createHash, createHmac } from 'node:crypto';

export class NodeSha256 {
  readonly #hash;
  constructor(secret?: unknown) {
    this.#hash = secret ? createHmac('sha256', secret as string) : createHash('sha256');
  }
  update(data: Uint8Array | string) {
    this.#hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
  reset() {}
}
