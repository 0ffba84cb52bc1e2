/**
 * Attack tests for every class of security.md §1, over HTTP at the ACS: each fixture (named after
 * its attack) is rejected with its own catalog code, and the store shows nothing was written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { attackFixtures, spec } from './attack-fixtures.js';
import { b64, Browser, confirmUnsolicited, corpResponse, errorCode, postUnsolicited, startSamlServer, type SamlServer } from './helpers.js';
import { buildSignedResponse } from '../../src/idp/saml/index.js';

let server: SamlServer;
before(async () => {
  server = await startSamlServer();
});
after(async () => {
  await server.close();
});

async function postAcs(samlResponse: string) {
  return new Browser().post(server.acsUrl, { SAMLResponse: samlResponse });
}

/** An accepted IdP-initiated response: the "Continue as …?" page, then the console session. */
async function signInWith(samlResponse: string) {
  return postUnsolicited(new Browser(), server.acsUrl, { SAMLResponse: samlResponse });
}

describe('SAML attacks at the ACS (security.md §1)', () => {
  it('control: a genuine response of the trusted IdP is accepted', async () => {
    const mark = server.store.writes.length;
    const answer = await signInWith(b64(corpResponse(server)));
    assert.equal(answer.status, 303, answer.body);
    assert.equal(server.store.writtenSince(mark, 'console:sess:').length, 1);
  });

  it('every attack fixture is rejected with its code, nothing stored, no secret echoed', async (t) => {
    for (const [name, [build, code]] of Object.entries(attackFixtures(server))) {
      await t.test(name, async () => {
        const mark = server.store.writes.length;
        const answer = await postAcs(b64(build()));
        assert.equal(errorCode(answer.body), code, `${name}: ${answer.body.slice(0, 400)}`);
        assert.ok(answer.status >= 400 && answer.status < 500, `${name}: status ${answer.status}`);
        assert.deepEqual(server.store.writtenSince(mark), [], `${name} stored something`);
        assert.ok(!answer.body.includes('SAMLResponse') && !answer.body.includes('mallory'), 'the page echoes nothing from the assertion');
      });
    }
  });

  it('oversize input: SAML_TOO_LARGE before any parsing', async () => {
    const mark = server.store.writes.length;
    const answer = await postAcs('A'.repeat(400_000));
    assert.equal(errorCode(answer.body), 'SAML_TOO_LARGE');
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('UTF-16 input is refused (SAML_MALFORMED)', async () => {
    const xml = buildSignedResponse(spec(server));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]).toString('base64');
    assert.equal(errorCode((await postAcs(utf16)).body), 'SAML_MALFORMED');
  });

  it('clock skew within the bound is accepted (NotBefore 60 s ahead)', async () => {
    const answer = await signInWith(b64(corpResponse(server, { notBeforeMs: server.clock.now() + 60_000, issueInstantMs: server.clock.now() + 30_000 })));
    assert.equal(answer.status, 303, answer.body);
  });

  it('sequential replay: the second use is SAML_REPLAYED', async () => {
    const response = b64(corpResponse(server));
    assert.equal((await signInWith(response)).status, 303);
    const mark = server.store.writes.length;
    const again = await postAcs(response);
    assert.equal(errorCode(again.body), 'SAML_REPLAYED');
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('a reused Response ID is a replay even with a fresh assertion ID (SAML_REPLAYED, nothing stored)', async () => {
    const responseId = `_r-reused-${Date.now()}`;
    assert.equal((await signInWith(b64(corpResponse(server, { responseId })))).status, 303);
    const mark = server.store.writes.length;
    const again = await postAcs(b64(corpResponse(server, { responseId })));
    assert.equal(errorCode(again.body), 'SAML_REPLAYED');
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('the 5-minute window follows the server clock (moved forward 8 minutes: 5 min + 2 min skew exceeded)', async () => {
    const response = b64(corpResponse(server, { notOnOrAfterMs: server.clock.now() + 30 * 60_000 }));
    server.clock.offsetMs = 8 * 60_000;
    try {
      assert.equal(errorCode((await postAcs(response)).body), 'SAML_STALE');
    } finally {
      server.clock.offsetMs = 0;
    }
  });
});

describe('SAML replay across instances (Redis, concurrent)', () => {
  it('the same response posted 12 times at once to two gateway instances sharing Redis is accepted exactly once', async () => {
    const prefix = `rgtest:saml-replay:${Date.now()}:`;
    const a = await startSamlServer({ storeKind: 'redis', redisPrefix: prefix });
    const b = await startSamlServer({ storeKind: 'redis', redisPrefix: prefix });
    try {
      // One response valid for both (same ACS path, two instances of one deployment).
      const xml = buildSignedResponse(spec({ acsUrl: a.acsUrl, clock: a.clock }, { nameId: 'dana', attributes: { 'https://aws.amazon.com/SAML/Attributes/Role': ['arn:aws:iam::111111111111:role/SSODeveloper,arn:aws:iam::111111111111:saml-provider/CorpDirectory'], 'https://aws.amazon.com/SAML/Attributes/RoleSessionName': ['dana'] } }));
      const marks = [a.store.writes.length, b.store.writes.length] as const;
      // 12 browsers post to instance a; 4 post the same form to instance b (its own ACS URL).
      const browsers = Array.from({ length: 16 }, () => new Browser());
      const answers = await Promise.all(browsers.map((browser, i) => browser.post(i < 12 ? a.acsUrl : b.acsUrl, { SAMLResponse: b64(xml) })));
      // Accepted = the assertion consumed at the ACS: the "Continue as …?" page (an IdP-initiated login).
      const isAccepted = (r: { status: number; body: string }) => r.status === 200 && /<h1>Continue as /.test(r.body);
      const accepted = answers.flatMap((r, i) => (isAccepted(r) ? [i] : []));
      assert.equal(accepted.length, 1, answers.map((r) => `${r.status} ${errorCode(r.body)}`).join(', '));
      const rejected = answers.filter((r) => !isAccepted(r));
      assert.ok(rejected.every((r) => r.status >= 400 && r.status < 500), rejected.map((r) => r.status).join());
      const codes = new Set(rejected.map((r) => errorCode(r.body)));
      // Instance b has a different ACS URL (its own port), so its answers fail on Recipient; a's replays are REPLAYED.
      assert.ok([...codes].every((c) => c === 'SAML_REPLAYED' || c === 'SAML_RECIPIENT_MISMATCH'), [...codes].join());
      assert.ok(codes.has('SAML_REPLAYED'));
      const written = (prefix: string) => [...a.store.writtenSince(marks[0], prefix), ...b.store.writtenSince(marks[1], prefix)];
      // One picker state, no credentials and no console session until the user continues.
      assert.equal(written('console:pick:').length, 1);
      assert.deepEqual(written('sess:'), []);
      assert.deepEqual(written('console:sess:'), []);
      const signedIn = await confirmUnsolicited(browsers[accepted[0]!]!, answers[accepted[0]!]!);
      assert.equal(signedIn.status, 303);
      assert.equal(written('sess:').length, 1, 'exactly one credential session');
      assert.equal(written('console:sess:').length, 1, 'exactly one console session');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
