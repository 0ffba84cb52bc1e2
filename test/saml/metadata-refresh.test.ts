/**
 * `metadataUrl` refresh against a real local HTTPS server whose metadata changes: the IdP rolls
 * over to a new signing key (picked up, the old key no longer verifies), then the server fails or
 * serves unusable metadata (the last good metadata stays in use). Plus the refresh-delay rules
 * (cacheDuration, validUntil, bounds) and xs:duration parsing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { nextRefreshDelay } from '../../src/compose-saml-metadata.js';
import { ConfigError, fetchMetadataText, loadSettings, parseIdpMetadata, parseXsDuration } from '../../src/config/index.js';
import { b64, Browser, configWith, corpResponse, errorCode, postUnsolicited, ROLE_ATTR, SAMLIFY_CERT, SAMLIFY_KEY, SESSION_NAME_ATTR, startSamlServer, type SamlServer } from './helpers.js';

const TLS_KEY = 'test/saml/fixtures/metadata-tls.key';
const TLS_CERT = 'test/saml/fixtures/metadata-tls.crt';
const NEW_KEY = readFileSync('test/saml/fixtures/idp-rollover.key', 'utf8');
const NEW_CERT = readFileSync('test/saml/fixtures/idp-rollover.crt', 'utf8');
const ENTITY = 'https://rolling-idp.test/metadata';
const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/Rolling';
const ROLE = 'arn:aws:iam::111111111111:role/RollingDeveloper';

const certBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
function metadata(cert: string, extra: { entityId?: string; validUntil?: string } = {}) {
  const validUntil = extra.validUntil ? ` validUntil="${extra.validUntil}"` : '';
  return (
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${extra.entityId ?? ENTITY}" cacheDuration="PT1S"${validUntil}>` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://rolling-idp.test/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

let served: { status: number; body: string } = { status: 200, body: metadata(SAMLIFY_CERT) };
let fetches = 0;
let https: Server;
let server: SamlServer;

before(async () => {
  https = createServer({ key: readFileSync(TLS_KEY), cert: readFileSync(TLS_CERT) }, (_req, res) => {
    fetches++;
    res.writeHead(served.status, { 'content-type': 'application/samlmetadata+xml' }).end(served.body);
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const port = (https.address() as AddressInfo).port;
  const configDir = configWith((accounts) => {
    const dev = accounts['development']!;
    (dev['samlProviders'] as unknown[]).push({ name: 'Rolling', metadataUrl: `https://127.0.0.1:${port}/metadata`, allowIdpInitiated: true });
    (dev['roles'] as unknown[]).push({
      name: 'RollingDeveloper',
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithSAML' }] },
    });
  });
  server = await startSamlServer({
    configDir,
    env: { ROLEGATE_SAML_METADATA_CA_FILE: TLS_CERT, ROLEGATE_SAML_METADATA_REFRESH_MIN_SECONDS: '1', ROLEGATE_SAML_METADATA_REFRESH_MAX_SECONDS: '60' },
  });
});
after(async () => {
  await server.close();
  await new Promise<void>((resolve) => https.close(() => resolve()));
});

/** An IdP-initiated login of the rolling IdP signed with `key`: the ACS's error page, or (confirmed) the 303 into the console. */
async function loginSignedWith(key: string) {
  const xml = corpResponse(server, { issuer: ENTITY, privateKey: key, nameId: 'rita', attributes: { [ROLE_ATTR]: [`${ROLE},${PROVIDER}`], [SESSION_NAME_ATTR]: ['rita'] } });
  return postUnsolicited(new Browser(), server.acsUrl, { SAMLResponse: b64(xml) });
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

const refreshFailures = () => server.logLines.filter((l) => l.includes('SAML metadata refresh failed')).length;

describe('metadataUrl refresh (real HTTPS server, changing metadata)', () => {
  it('start-up fetch: the metadata key verifies logins', async () => {
    assert.ok(fetches >= 1);
    assert.equal((await loginSignedWith(SAMLIFY_KEY)).status, 303);
  });

  it('key rollover: the new signing key is picked up at the next refresh and the removed one is refused', async () => {
    served = { status: 200, body: metadata(NEW_CERT) };
    await eventually('the new key verifies', async () => (await loginSignedWith(NEW_KEY)).status === 303);
    const old = await loginSignedWith(SAMLIFY_KEY);
    assert.equal(errorCode(old.body), 'SAML_SIGNATURE_INVALID');
  });

  it('failures keep the last good metadata: HTTP 500, expired validUntil, a different entity id, malformed XML', async () => {
    for (const broken of [
      { status: 500, body: 'down' },
      { status: 200, body: metadata(SAMLIFY_CERT, { validUntil: '2001-01-01T00:00:00Z' }) },
      { status: 200, body: metadata(SAMLIFY_CERT, { entityId: 'https://impostor.test/metadata' }) },
      { status: 200, body: '<md:EntityDescriptor' },
    ]) {
      const before = refreshFailures();
      served = broken;
      await eventually(`a failed refresh (${broken.body.slice(0, 40)})`, async () => refreshFailures() > before);
      assert.equal((await loginSignedWith(NEW_KEY)).status, 303, 'the last good key still verifies');
      assert.equal(errorCode((await loginSignedWith(SAMLIFY_KEY)).body), 'SAML_SIGNATURE_INVALID', 'broken metadata did not bring a key in');
    }
    served = { status: 200, body: metadata(NEW_CERT) };
  });
});

describe('metadata fetch (HTTPS only, verified, capped)', () => {
  const url = () => `https://127.0.0.1:${(https.address() as AddressInfo).port}/metadata`;

  it('verifies the server certificate: untrusted without the extra CA, trusted with it', async () => {
    await assert.rejects(fetchMetadataText()(url()), /certificate/i);
    assert.match(await fetchMetadataText(readFileSync(TLS_CERT, 'utf8'))(url()), /EntityDescriptor/);
  });

  it('refuses plain HTTP and bodies over 1 MB', async () => {
    await assert.rejects(fetchMetadataText()(url().replace('https:', 'http:')), /HTTPS only/);
    const saved = served;
    served = { status: 200, body: 'x'.repeat(1_100_000) };
    try {
      await assert.rejects(fetchMetadataText(readFileSync(TLS_CERT, 'utf8'))(url()), /larger than 1 MB/);
    } finally {
      served = saved;
    }
  });
});

describe('metadata refresh timing', () => {
  const bounds = { minMs: 300_000, maxMs: 86_400_000 };
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('honours cacheDuration within the bounds', () => {
    assert.equal(nextRefreshDelay({ entityId: 'x', signingCerts: [], cacheDurationMs: 2 * 3600_000 }, now, bounds), 2 * 3600_000);
    assert.equal(nextRefreshDelay({ entityId: 'x', signingCerts: [], cacheDurationMs: 1000 }, now, bounds), 300_000);
    assert.equal(nextRefreshDelay({ entityId: 'x', signingCerts: [], cacheDurationMs: 30 * 86_400_000 }, now, bounds), 86_400_000);
    assert.equal(nextRefreshDelay({ entityId: 'x', signingCerts: [] }, now, bounds), 3600_000);
  });

  it('refreshes before validUntil (half of the time left), never below the minimum', () => {
    assert.equal(nextRefreshDelay({ entityId: 'x', signingCerts: [], cacheDurationMs: 86_400_000, validUntilMs: now + 4 * 3600_000 }, now, bounds), 2 * 3600_000);
    assert.equal(nextRefreshDelay({ entityId: 'x', signingCerts: [], validUntilMs: now + 1000 }, now, bounds), 300_000);
  });

  it('settings: defaults 5 min – 24 h; out-of-range bounds are configuration errors', () => {
    const saml = loadSettings({}).saml;
    assert.equal(saml.metadataRefreshMinSeconds, 300);
    assert.equal(saml.metadataRefreshMaxSeconds, 86_400);
    assert.equal(saml.metadataCaFile, undefined);
    assert.throws(() => loadSettings({ ROLEGATE_SAML_METADATA_REFRESH_MIN_SECONDS: '0' }), ConfigError);
    assert.throws(() => loadSettings({ ROLEGATE_SAML_METADATA_REFRESH_MAX_SECONDS: '10' }), ConfigError);
    assert.equal(loadSettings({ ROLEGATE_SAML_METADATA_REFRESH_MIN_SECONDS: '3600', ROLEGATE_SAML_METADATA_REFRESH_MAX_SECONDS: '60' }).saml.metadataRefreshMaxSeconds, 3600, 'max never below min');
  });

  it('parses xs:duration and the metadata timing attributes', () => {
    assert.equal(parseXsDuration('PT1S'), 1000);
    assert.equal(parseXsDuration('P1DT2H'), 26 * 3600_000);
    assert.equal(parseXsDuration('PT0.5S'), 500);
    assert.equal(parseXsDuration('-PT1S'), undefined);
    assert.equal(parseXsDuration('P'), undefined);
    assert.equal(parseXsDuration('1 hour'), undefined);
    const parsed = parseIdpMetadata(metadata(NEW_CERT, { validUntil: '2030-01-01T00:00:00Z' }));
    assert.equal(parsed.cacheDurationMs, 1000);
    assert.equal(parsed.validUntilMs, Date.parse('2030-01-01T00:00:00Z'));
    assert.throws(() => parseIdpMetadata(metadata(NEW_CERT, { validUntil: 'tomorrow' })), /validUntil/);
  });
});
