/**
 * The browser SAML flows run through passport + @node-saml/passport-saml (MultiSamlStrategy), with
 * the strict validator in front: node-saml builds the signed AuthnRequest, validates the ACS POST,
 * and the strategy's verify callback is what starts the console session. InResponseTo lives in the
 * shared store through node-saml's cache provider, and an SP-initiated response posted many times
 * at once is accepted exactly once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SAML } from '@node-saml/node-saml';
import { MultiSamlStrategy } from '@node-saml/passport-saml';
import { b64, Browser, confirmUnsolicited, corpResponse, DEV_PROVIDER, errorCode, formFields, startSamlServer, type SamlServer } from './helpers.js';

let server: SamlServer;
before(async () => {
  server = await startSamlServer({ storeKind: 'redis', redisPrefix: `rgtest:saml-passport:${randomBytes(6).toString('hex')}:` });
});
after(async () => {
  await server.close();
});

type Method = (...args: never[]) => unknown;
/** Replaces a prototype method for the duration of `body`, counting calls. */
async function intercept<T extends object>(proto: T, name: keyof T & string, replacement: (original: Method, self: unknown, args: unknown[]) => unknown, body: (calls: () => number) => Promise<void>) {
  const original = proto[name] as unknown as Method;
  let count = 0;
  (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    count++;
    return replacement(original, this, args);
  };
  try {
    await body(() => count);
  } finally {
    (proto as Record<string, unknown>)[name] = original;
  }
}
const passThrough = (original: Method, self: unknown, args: unknown[]) => original.apply(self, args as never[]);

async function spLogin(browser: Browser) {
  const start = await browser.get(`${server.url}/saml/login?provider=${encodeURIComponent(DEV_PROVIDER)}`);
  assert.equal(start.status, 302, start.body);
  const loginPage = await browser.get(start.headers.get('location')!);
  const posted = await browser.post(`${server.url}/idp/saml/login`, { ...formFields(loginPage.body), username: 'dana', password: 'Dana-Demo-2026!' });
  return formFields(posted.body);
}

describe('passport-saml is the entry of the browser SAML flows', () => {
  it('SP-initiated login: passport-saml authenticates, node-saml builds the signed AuthnRequest and saves its id in the shared store', async () => {
    await intercept(MultiSamlStrategy.prototype, 'authenticate', passThrough, async (strategyCalls) => {
      await intercept(SAML.prototype, 'getAuthorizeUrlAsync', passThrough, async (urlCalls) => {
        const mark = server.store.writes.length;
        const start = await new Browser().get(`${server.url}/saml/login?provider=${encodeURIComponent(DEV_PROVIDER)}`);
        assert.equal(start.status, 302);
        assert.match(start.headers.get('location')!, /SAMLRequest=.*&RelayState=[\w-]{32}&SigAlg=.*&Signature=/);
        assert.equal(strategyCalls(), 1);
        assert.equal(urlCalls(), 1);
        assert.equal(server.store.writtenSince(mark, 'saml:req:').length, 1);
      });
    });
  });

  it("the strategy's verify callback starts the console session: when node-saml rejects, nothing is signed in or stored", async () => {
    await intercept(
      SAML.prototype,
      'validatePostResponseAsync',
      () => Promise.reject(new Error('Invalid signature')),
      async (calls) => {
        const mark = server.store.writes.length;
        const acs = await new Browser().post(server.acsUrl, { SAMLResponse: b64(corpResponse(server)) });
        assert.equal(calls(), 1);
        assert.equal(errorCode(acs.body), 'SAML_SIGNATURE_INVALID');
        assert.deepEqual(server.store.writtenSince(mark), []);
      },
    );
  });

  it('node-saml must read the same assertion as the validator (a different profile is refused, nothing stored)', async () => {
    await intercept(
      SAML.prototype,
      'validatePostResponseAsync',
      async (original, self, args) => {
        const result = (await original.apply(self, args as never[])) as { profile: Record<string, unknown> };
        return { ...result, profile: { ...result.profile, nameID: 'admin' } };
      },
      async () => {
        const mark = server.store.writes.length;
        const acs = await new Browser().post(server.acsUrl, { SAMLResponse: b64(corpResponse(server)) });
        assert.equal(errorCode(acs.body), 'SAML_STRUCTURE_INVALID');
        assert.deepEqual(server.store.writtenSince(mark), []);
      },
    );
  });

  it('a genuine response passes the validator, then passport-saml, and the session is created from the verify callback', async () => {
    await intercept(SAML.prototype, 'validatePostResponseAsync', passThrough, async (calls) => {
      const mark = server.store.writes.length;
      const browser = new Browser();
      const acs = await browser.post(server.acsUrl, { SAMLResponse: b64(corpResponse(server)) });
      assert.equal(calls(), 1);
      // IdP-initiated: the verify callback keeps the login for the "Continue as …?" page; Continue starts the session.
      assert.equal(server.store.writtenSince(mark, 'console:pick:').length, 1);
      assert.deepEqual(server.store.writtenSince(mark, 'console:sess:'), []);
      await confirmUnsolicited(browser, acs);
      assert.equal(calls(), 1);
      assert.equal(server.store.writtenSince(mark, 'console:sess:').length, 1);
      assert.ok(server.logLines.some((l) => l.includes('"via":"passport-saml"')));
    });
  });

  it('/saml/login for an unknown provider, or none: SAML_PROVIDER_UNKNOWN, no request stored, no binding cookie', async () => {
    for (const query of ['', '?provider=arn:aws:iam::111111111111:saml-provider/Nope', '?provider[]=x']) {
      const mark = server.store.writes.length;
      const answer = await new Browser().get(`${server.url}/saml/login${query}`);
      assert.equal(errorCode(answer.body), 'SAML_PROVIDER_UNKNOWN', query);
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.getSetCookie().length, 0);
      assert.deepEqual(server.store.writtenSince(mark), []);
    }
  });

  it('/saml/login refuses a SAML message in its query (passport-saml would inflate it uncapped), nothing stored', async () => {
    await intercept(SAML.prototype, 'validateRedirectAsync', passThrough, async (calls) => {
      const mark = server.store.writes.length;
      const bomb = Buffer.alloc(64).toString('base64');
      const answer = await new Browser().get(`${server.url}/saml/login?provider=${encodeURIComponent(DEV_PROVIDER)}&SAMLResponse=${encodeURIComponent(bomb)}`);
      assert.equal(errorCode(answer.body), 'SAML_MALFORMED');
      assert.equal(calls(), 0);
      assert.deepEqual(server.store.writtenSince(mark), []);
    });
  });

  it('the ACS takes the POST binding only (query parameters would route passport-saml to the redirect binding)', async () => {
    const mark = server.store.writes.length;
    const acs = await new Browser().post(`${server.acsUrl}?SAMLRequest=abc`, { SAMLResponse: b64(corpResponse(server)) });
    assert.equal(errorCode(acs.body), 'SAML_MALFORMED');
    assert.deepEqual(server.store.writtenSince(mark), []);
  });

  it('an SP-initiated response posted 10 times at once from its browser is accepted exactly once (atomic take of InResponseTo, SET NX of the assertion id)', async () => {
    const browser = new Browser();
    const fields = await spLogin(browser);
    const answers = await Promise.all(Array.from({ length: 10 }, () => browser.post(server.acsUrl, fields)));
    const accepted = answers.filter((a) => a.status === 303);
    assert.equal(accepted.length, 1, answers.map((a) => `${a.status} ${errorCode(a.body)}`).join(', '));
    for (const a of answers.filter((x) => x.status !== 303)) assert.ok(['SAML_IN_RESPONSE_TO_INVALID', 'SAML_REPLAYED'].includes(errorCode(a.body)!), a.body.slice(0, 300));
  });
});
