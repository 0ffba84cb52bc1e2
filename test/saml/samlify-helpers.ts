/**
 * samlify as an independent IdP for the interop tests: an IdP entity (signing with the samlify
 * fixture key, optionally encrypting) and a filler for samlify's response template.
 */
import * as samlify from 'samlify';
import * as xmllint from '@authenio/samlify-node-xmllint';
import { xmlEscape } from '../../src/idp/saml/index.js';
import { SAMLIFY_CERT, SAMLIFY_KEY } from './helpers.js';

samlify.setSchemaValidator(xmllint);
const { redirect: REDIRECT } = samlify.Constants.namespace.binding;
export const SAMLIFY_ENTITY = 'https://samlify-idp.test/metadata';
export const SAMLIFY_SSO = 'https://samlify-idp.test/sso';
export const SAMLIFY_SLO = 'https://samlify-idp.test/slo';

export function samlifyIdp(options: { encrypt?: boolean; entityId?: string } = {}) {
  return samlify.IdentityProvider({
    entityID: options.entityId ?? SAMLIFY_ENTITY,
    privateKey: SAMLIFY_KEY,
    signingCert: SAMLIFY_CERT,
    isAssertionEncrypted: options.encrypt ?? false,
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    singleSignOnService: [{ Binding: REDIRECT, Location: SAMLIFY_SSO }],
    singleLogoutService: [{ Binding: REDIRECT, Location: SAMLIFY_SLO }],
  });
}

/** samlify's default template, filled in by us (attributes with several values; no empty InResponseTo). */
export function samlifyReplacement(server: { acsUrl: string; clock: { now(): number } }, attributes: Record<string, string[]>, inResponseTo: string | undefined, issuer = SAMLIFY_ENTITY) {
  return (template: string) => {
    const now = new Date(server.clock.now());
    const later = new Date(now.getTime() + 5 * 60_000).toISOString();
    const id = `_samlify${Math.random().toString(16).slice(2)}`;
    const attrXml = Object.entries(attributes)
      .map(([name, values]) => `<saml:Attribute Name="${xmlEscape(name)}">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${xmlEscape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
      .join('');
    const values: Record<string, string> = {
      ID: id,
      AssertionID: `${id}a`,
      Destination: server.acsUrl,
      Audience: 'urn:amazon:webservices',
      SubjectRecipient: server.acsUrl,
      Issuer: issuer,
      IssueInstant: now.toISOString(),
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: now.toISOString(),
      ConditionsNotOnOrAfter: later,
      SubjectConfirmationDataNotOnOrAfter: later,
      NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      NameID: 'sam@corp.example',
      AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${id}s"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
      AttributeStatement: `<saml:AttributeStatement>${attrXml}</saml:AttributeStatement>`,
    };
    let context = template.replace(/\{(\w+)\}/g, (m, key: string) => (key === 'InResponseTo' ? (inResponseTo ?? '\u0000') : (values[key] ?? m)));
    context = context.replace(/ InResponseTo="\u0000"/g, '');
    return { id, context };
  };
}

/** The query and octet string samlify's redirect-binding parsers take, from a redirect URL. */
export function redirectRequest(location: string) {
  const url = new URL(location);
  const octetString = url.search.slice(1).split('&').filter((p) => !p.startsWith('Signature=')).join('&');
  return { query: Object.fromEntries(url.searchParams), octetString };
}
