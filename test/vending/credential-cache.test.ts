/**
 * The rotation policy of vended credentials: served while more than 30 minutes remain, then a fresh
 * one is minted; never anything with less than 5 minutes; revoked sessions are replaced at once;
 * concurrent requests share one minting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCredentialCache, MINIMUM_REMAINING_MS, REFRESH_BEFORE_MS, type VendedCredentials } from '../../src/vending/index.js';

const HOUR = 3600_000;

function setup(lifetimeMs = 6 * HOUR) {
  const clock = { nowMs: 1_800_000_000_000, now() { return this.nowMs; } };
  const revoked = new Set<string>();
  let minted = 0;
  const mint = async (): Promise<VendedCredentials> => {
    minted += 1;
    await new Promise((r) => setTimeout(r, 5));
    return {
      accessKeyId: `ASIA${minted}`,
      secretAccessKey: 's',
      sessionToken: 't',
      issuedAt: clock.now(),
      expiresAt: clock.now() + lifetimeMs,
      accountId: '222222222222',
      roleArn: 'arn:aws:iam::222222222222:role/R',
      roleName: 'R',
      sessionArn: 'arn:aws:sts::222222222222:assumed-role/R/i-00000000',
    };
  };
  const cache = createCredentialCache({ clock, stillValid: async (c) => !revoked.has(c.accessKeyId) });
  return { clock, cache, mint, revoked, minted: () => minted };
}

describe('vended credential rotation', () => {
  it('serves the same credential while more than 30 minutes remain, then rotates', async () => {
    const { clock, cache, mint, minted } = setup();
    const first = await cache.get('k', mint);
    clock.nowMs += 6 * HOUR - REFRESH_BEFORE_MS - 1000;
    assert.equal((await cache.get('k', mint)).accessKeyId, first.accessKeyId);
    clock.nowMs += 2000;
    const second = await cache.get('k', mint);
    assert.notEqual(second.accessKeyId, first.accessKeyId);
    assert.equal(minted(), 2);
    assert.ok(second.expiresAt - clock.now() > REFRESH_BEFORE_MS);
  });

  it('whatever the timing, a served credential has at least 30 (and so more than 5) minutes left', async () => {
    const { clock, cache, mint } = setup();
    for (let step = 0; step < 200; step++) {
      clock.nowMs += 7 * 60_000;
      const served = await cache.get('k', mint);
      assert.ok(served.expiresAt - clock.now() >= REFRESH_BEFORE_MS);
      assert.ok(served.expiresAt - clock.now() >= MINIMUM_REMAINING_MS);
    }
  });

  it('a revoked (or vanished) session is replaced at once', async () => {
    const { cache, mint, revoked } = setup();
    const first = await cache.get('k', mint);
    revoked.add(first.accessKeyId);
    assert.notEqual((await cache.get('k', mint)).accessKeyId, first.accessKeyId);
  });

  it('concurrent requests share one minting; keys are independent', async () => {
    const { cache, mint, minted } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', mint)));
    assert.equal(new Set(results.map((r) => r.accessKeyId)).size, 1);
    assert.equal(minted(), 1);
    await cache.get('other', mint);
    assert.equal(minted(), 2);
  });

  it('refuses to hand out a freshly minted credential that is already nearly expired', async () => {
    const { cache, mint } = setup(60_000);
    await assert.rejects(cache.get('k', mint), /too close to expiry/);
    assert.equal(cache.peek('k'), undefined);
  });
});
