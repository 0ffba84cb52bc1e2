/**
 * SAML assertion validations per second (issue 4), against a reference measured in the same run:
 * the bare signature checks of the same documents (node-saml's `getVerifiedXml`, i.e. xml-crypto,
 * for the Response and the Assertion signature) — the irreducible cryptographic part of the work.
 *
 * `runSamlBench()` is used by `npm run bench`; `tsx bench/saml.ts` runs it alone.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { getVerifiedXml, parseDomFromString } from '@node-saml/node-saml/lib/xml.js';
import type { SamlProvider } from '../src/core/index.js';
import { buildSignedResponse } from '../src/idp/saml/index.js';
import { createSamlValidator } from '../src/saml/index.js';
import { createMemoryStore } from '../src/store/index.js';

const ACS = 'https://rolegate.example/saml';
const IDP = 'urn:rolegate:idp:corporate-directory';
const PROVIDER_ARN = 'arn:aws:iam::111111111111:saml-provider/CorpDirectory';

export interface SamlBenchResult {
  readonly validationsPerSec: number;
  readonly referencePerSec: number;
  readonly ratio: number;
  readonly documents: number;
}

export async function runSamlBench(count = Number(process.env['SAML_BENCH_DOCS'] ?? 400)): Promise<SamlBenchResult> {
  const key = readFileSync('certs/dev-idp-signing.key', 'utf8');
  const cert = readFileSync('certs/dev-idp-signing.crt', 'utf8');
  const now = Date.now();
  const clock = { now: () => now };
  const provider: SamlProvider = {
    account: '111111111111', name: 'CorpDirectory', arn: PROVIDER_ARN, entityId: IDP, signingCerts: [cert], allowIdpInitiated: true,
    wantResponseSigned: false, wantAssertionSigned: true, allowSha1: false, clockSkewMs: 120_000, useRoleAttribute: true, roleMapping: [], onMultipleRoles: 'ask',
  };
  const docs = Array.from({ length: count }, (_, i) =>
    buildSignedResponse({
      issuer: IDP, audience: 'urn:amazon:webservices', acsUrl: ACS, nameId: `user${i}@corp.example`, sessionIndex: `_s${randomBytes(6).toString('hex')}`, nowMs: now, privateKey: key,
      attributes: {
        'https://aws.amazon.com/SAML/Attributes/Role': ['arn:aws:iam::111111111111:role/SSODeveloper,' + PROVIDER_ARN],
        'https://aws.amazon.com/SAML/Attributes/RoleSessionName': [`user${i}`],
        'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['app'],
        'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['staff', 'member'],
      },
    }),
  );
  const encoded = docs.map((d) => Buffer.from(d).toString('base64'));

  // Reference: the two bare signature verifications per document.
  const parsed = await Promise.all(docs.map((d) => parseDomFromString(d)));
  const refStart = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i++) {
    const doc = parsed[i]!;
    const response = doc.documentElement;
    const assertion = [...Array.from(response.childNodes)].find((n) => (n as Element).localName === 'Assertion') as Element;
    if (!getVerifiedXml(docs[i]!, response, [cert]) || !getVerifiedXml(docs[i]!, assertion, [cert])) throw new Error('reference verification failed');
  }
  const refSeconds = Number(process.hrtime.bigint() - refStart) / 1e9;

  // rolegate: the full validation (guards, structure, signatures, facts, claims, replay SET NX).
  const validator = createSamlValidator({
    directory: { samlProviders: [provider], samlProvider: (arn) => (arn === PROVIDER_ARN ? provider : undefined) },
    store: createMemoryStore({ clock }),
    clock,
    sp: { entityId: 'urn:amazon:webservices', acsUrl: ACS },
  });
  const start = process.hrtime.bigint();
  for (const samlResponse of encoded) {
    const login = await validator.validate(samlResponse, { mode: 'api', providerArn: PROVIDER_ARN });
    if (login.candidates.length !== 1) throw new Error('unexpected candidates');
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const validationsPerSec = count / seconds;
  const referencePerSec = count / refSeconds;
  return { validationsPerSec, referencePerSec, ratio: validationsPerSec / referencePerSec, documents: count };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runSamlBench();
  console.log(
    `SAML: ${Math.round(r.validationsPerSec).toLocaleString('en-US')} assertion validations/s (${r.documents} documents, response + assertion signed, RSA-SHA256 2048) — ` +
      `reference ${Math.round(r.referencePerSec).toLocaleString('en-US')} bare signature checks/s (node-saml getVerifiedXml ×2), ratio ${r.ratio.toFixed(2)}`,
  );
}
