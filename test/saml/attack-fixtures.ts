/**
 * SAML attack fixtures (security.md §1), each named after the attack. Every fixture starts from a
 * response genuinely signed by the trusted IdP key (or the attacker's own key) and mutates it the
 * way the attack does.
 */
import { randomBytes } from 'node:crypto';
import { buildSignedResponse, responseXml, signAssertion, signResponse, type ResponseSpec } from '../../src/idp/saml/index.js';
import { CORP_IDP, DEV_PROVIDER, EVIL_KEY, IDP_KEY, ROLE_ATTR, SESSION_NAME_ATTR, SP_ENTITY, SSO_DEVELOPER } from './helpers.js';

export interface Target {
  readonly acsUrl: string;
  readonly clock: { now(): number };
}

export function spec(target: Target, overrides: Partial<ResponseSpec> = {}): ResponseSpec {
  return {
    issuer: CORP_IDP,
    audience: SP_ENTITY,
    acsUrl: target.acsUrl,
    nameId: 'mallory',
    sessionIndex: `_s${randomBytes(6).toString('hex')}`,
    attributes: { [ROLE_ATTR]: [`${SSO_DEVELOPER},${DEV_PROVIDER}`], [SESSION_NAME_ATTR]: ['mallory'] },
    nowMs: target.clock.now(),
    privateKey: IDP_KEY,
    ...overrides,
  };
}

const assertionOf = (xml: string) => /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
const withoutSignature = (xml: string) => xml.replace(/<(ds:)?Signature[\s>][\s\S]*?<\/(ds:)?Signature>/g, '');
const evilAssertion = (xml: string) => withoutSignature(assertionOf(xml)).replace(/ID="[^"]+"/, `ID="_evil${randomBytes(6).toString('hex')}"`).replace('>mallory<', '>admin<');

/** fixture name → [xml builder, expected catalog code] */
export function attackFixtures(t: Target): Record<string, [() => string, string]> {
  const signedBoth = () => buildSignedResponse(spec(t));
  const signedAssertionOnly = () => buildSignedResponse(spec(t, { signResponse: false }));
  return {
    'xsw1-cloned-unsigned-response-wraps-signed-response': [
      () => {
        const original = signedBoth();
        const evil = withoutSignature(original).replace(/<samlp:Response [^>]*ID="[^"]+"/, (m) => m.replace(/ID="[^"]+"/, 'ID="_evilresp"')).replace('>mallory<', '>admin<');
        return evil.replace('</samlp:Status>', `</samlp:Status><samlp:Extensions>${original}</samlp:Extensions>`).replace(/<samlp:Extensions>[\s\S]*<\/samlp:Extensions>([\s\S]*)$/, (m) => m);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'xsw2-signed-response-before-clone-detached-layout': [
      () => {
        const original = signedBoth();
        const evil = withoutSignature(original).replace('>mallory<', '>admin<').replace(/ID="_r[0-9a-f]+"/, 'ID="_evil2"');
        return evil.replace('<saml:Issuer>', `${original.replace(/^<\?xml[^>]*>/, '')}<saml:Issuer>`);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'xsw3-unsigned-assertion-inserted-before-signed-one': [
      () => {
        const xml = signedAssertionOnly();
        return xml.replace('<saml:Assertion', `${evilAssertion(xml)}<saml:Assertion`);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'xsw4-evil-assertion-wraps-signed-assertion': [
      () => {
        const xml = signedAssertionOnly();
        const original = assertionOf(xml);
        const evil = evilAssertion(xml).replace('</saml:Assertion>', `${original}</saml:Assertion>`);
        return xml.replace(original, evil);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'xsw5-values-changed-in-signed-copy-plus-unsigned-original-appended': [
      () => {
        const xml = signedAssertionOnly();
        const original = assertionOf(xml);
        return xml.replace(original, `${original.replace('>mallory<', '>admin<')}${withoutSignature(original).replace(/ID="[^"]+"/, 'ID="_copy5"')}`);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'xsw6-copy-inside-the-signature': [
      () => {
        const xml = signedAssertionOnly();
        const original = assertionOf(xml);
        return xml.replace(/<\/(ds:)?SignatureValue>/, (m) => `${m}<Object xmlns="http://www.w3.org/2000/09/xmldsig#">${withoutSignature(original).replace(/ID="[^"]+"/, 'ID="_copy6"')}</Object>`);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'xsw7-signed-assertion-moved-into-extensions': [
      () => {
        const xml = signedAssertionOnly();
        const original = assertionOf(xml);
        return xml.replace(original, evilAssertion(xml)).replace('<samlp:Status>', `<samlp:Extensions>${original}</samlp:Extensions><samlp:Status>`);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'xsw8-signed-assertion-moved-into-ds-object': [
      () => {
        const xml = signedAssertionOnly();
        const original = assertionOf(xml);
        const evil = evilAssertion(xml);
        // The evil assertion carries the original signature, with the signed original inside ds:Object.
        const signature = /<(?:ds:)?Signature[\s>][\s\S]*<\/(?:ds:)?Signature>/.exec(original)![0].replace(/<\/((?:ds:)?)Signature>$/, (_m, p: string) => `<${p}Object>${original}</${p}Object></${p}Signature>`);
        return xml.replace(original, evil.replace('</saml:Issuer>', `</saml:Issuer>${signature}`));
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'duplicate-id-decoy-element': [
      () => {
        const xml = signedAssertionOnly();
        const id = /<saml:Assertion ID="([^"]+)"/.exec(xml)![1];
        return xml.replace('<samlp:Status>', `<samlp:Extensions><decoy xmlns="urn:x" ID="${id}"/></samlp:Extensions><samlp:Status>`);
      },
      'SAML_STRUCTURE_INVALID',
    ],
    'comment-injection-in-nameid': [
      () => buildSignedResponse(spec(t, { nameId: 'dana@corp.example.evil.com' })).replace('dana@corp.example.evil.com', 'dana@corp.example<!---->.evil.com'),
      'SAML_STRUCTURE_INVALID',
    ],
    'tampered-nameid-after-signing': [() => signedAssertionOnly().replace('>mallory<', '>admin<'), 'SAML_SIGNATURE_INVALID'],
    'unsigned-assertion-in-signed-response': [() => buildSignedResponse(spec(t, { signAssertion: false, signResponse: true })), 'SAML_SIGNATURE_MISSING'],
    'fully-unsigned-response': [() => responseXml(spec(t)), 'SAML_SIGNATURE_MISSING'],
    'signed-by-attacker-key-with-own-keyinfo': [() => buildSignedResponse(spec(t, { privateKey: EVIL_KEY })), 'SAML_SIGNATURE_INVALID'],
    'sha1-signature-downgrade': [() => buildSignedResponse(spec(t, { algorithm: 'sha1', signResponse: false })), 'SAML_ALGORITHM_REJECTED'],
    'with-comments-canonicalization': [
      () => signedAssertionOnly().replace(/(<(?:ds:)?CanonicalizationMethod Algorithm=")http:\/\/www\.w3\.org\/2001\/10\/xml-exc-c14n#"/, '$1http://www.w3.org/2001/10/xml-exc-c14n#WithComments"'),
      'SAML_ALGORITHM_REJECTED',
    ],
    'wrong-audience': [() => buildSignedResponse(spec(t, { audience: 'urn:example:other-sp' })), 'SAML_AUDIENCE_MISMATCH'],
    'wrong-recipient': [() => buildSignedResponse(spec(t, { recipient: 'https://evil.example/saml' })), 'SAML_RECIPIENT_MISMATCH'],
    'wrong-destination': [() => buildSignedResponse(spec(t, { destination: 'https://evil.example/saml' })), 'SAML_DESTINATION_MISMATCH'],
    'missing-destination': [() => buildSignedResponse(spec(t, { destination: null })), 'SAML_DESTINATION_MISMATCH'],
    'wrong-assertion-issuer-signed-by-trusted-key': [
      () => signResponse(signAssertion(responseXml(spec(t)).replace(/(<saml:Assertion[^>]*><saml:Issuer>)[^<]+/, '$1urn:example:other-idp'), IDP_KEY), IDP_KEY),
      'SAML_ISSUER_MISMATCH',
    ],
    'unknown-issuer': [() => buildSignedResponse(spec(t, { issuer: 'urn:example:unknown-idp', privateKey: EVIL_KEY })), 'SAML_PROVIDER_UNKNOWN'],
    'expired-not-on-or-after': [
      () => buildSignedResponse(spec(t, { issueInstantMs: t.clock.now() - 4 * 60_000, notOnOrAfterMs: t.clock.now() - 3 * 60_000 })),
      'SAML_EXPIRED',
    ],
    'not-yet-valid-beyond-skew': [() => buildSignedResponse(spec(t, { notBeforeMs: t.clock.now() + 10 * 60_000, notOnOrAfterMs: t.clock.now() + 20 * 60_000 })), 'SAML_NOT_YET_VALID'],
    'stale-issued-more-than-5-minutes-ago': [
      () => buildSignedResponse(spec(t, { issueInstantMs: t.clock.now() - 8 * 60_000, notBeforeMs: t.clock.now() - 8 * 60_000, notOnOrAfterMs: t.clock.now() + 10 * 60_000 })),
      'SAML_STALE',
    ],
    'session-not-on-or-after-passed': [() => buildSignedResponse(spec(t, { sessionNotOnOrAfterMs: t.clock.now() - 5 * 60_000 })), 'SAML_EXPIRED'],
    'status-responder-unsigned': [() => responseXml(spec(t, { statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' })), 'SAML_STATUS_NOT_SUCCESS'],
    'non-bearer-subject-confirmation': [
      () => signResponse(signAssertion(responseXml(spec(t)).replace('urn:oasis:names:tc:SAML:2.0:cm:bearer', 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key'), IDP_KEY), IDP_KEY),
      'SAML_SUBJECT_INVALID',
    ],
    'two-subject-confirmations': [
      () => {
        const xml = responseXml(spec(t));
        const sc = /<saml:SubjectConfirmation [\s\S]*?<\/saml:SubjectConfirmation>/.exec(xml)![0];
        return signResponse(signAssertion(xml.replace(sc, sc + sc.replace(t.acsUrl, 'https://evil.example/saml')), IDP_KEY), IDP_KEY);
      },
      'SAML_SUBJECT_INVALID',
    ],
    'in-response-to-unknown-request': [() => buildSignedResponse(spec(t, { inResponseTo: '_never-requested' })), 'SAML_IN_RESPONSE_TO_INVALID'],
    'duplicate-role-attribute': [
      () => {
        const xml = responseXml(spec(t));
        const attr = /<saml:Attribute Name="https:\/\/aws\.amazon\.com\/SAML\/Attributes\/Role"[\s\S]*?<\/saml:Attribute>/.exec(xml)![0];
        return signResponse(signAssertion(xml.replace(attr, attr + attr), IDP_KEY), IDP_KEY);
      },
      'SAML_ATTRIBUTE_INVALID',
    ],
    'role-pair-for-an-account-the-provider-does-not-cover': [
      () => buildSignedResponse(spec(t, { attributes: { [ROLE_ATTR]: ['arn:aws:iam::222222222222:role/UpdateAPP,arn:aws:iam::111111111111:saml-provider/CorpDirectory'], [SESSION_NAME_ATTR]: ['mallory'] } })),
      'SAML_NO_ROLE',
    ],
    'doctype-billion-laughs': [
      () => `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>` + buildSignedResponse(spec(t)).replace('>mallory<', '>&lol2;<'),
      'SAML_DOCTYPE_FORBIDDEN',
    ],
    'xxe-external-entity': [
      () => `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + buildSignedResponse(spec(t)).replace('>mallory<', '>&xxe;<'),
      'SAML_DOCTYPE_FORBIDDEN',
    ],
    'non-utf8-encoding-declaration': [() => `<?xml version="1.0" encoding="ISO-8859-1"?>${buildSignedResponse(spec(t))}`, 'SAML_MALFORMED'],
    'processing-instruction': [() => buildSignedResponse(spec(t)).replace('<saml:Issuer>', '<?evil pi?><saml:Issuer>'), 'SAML_MALFORMED'],
    'multiple-root-elements': [() => `${buildSignedResponse(spec(t))}<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`, 'SAML_MALFORMED'],
    'not-a-response-root': [() => assertionOf(buildSignedResponse(spec(t))), 'SAML_MALFORMED'],
  };
}
