/**
 * @module config/saml-schema — SAML providers (per account) and the built-in corporate directory.
 *
 * A SAML provider is `arn:aws:iam::ACCOUNT:saml-provider/NAME`. It is configured either from IdP
 * metadata (`metadataFile`, or `metadataUrl` over HTTPS, fetched at start-up and refreshed) or from
 * `entityId` + `ssoUrl` + `signingCerts` (several certificates for key rollover). Mapping rules
 * turn arbitrary attributes (groups, departments, …) into roles for IdPs that do not send AWS's
 * Role attribute.
 */
import { z } from 'zod';

const roleArn = z.string().regex(/^arn:aws:iam::\d{12}:role\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/, 'must be a role ARN');

/** A PEM certificate, or a path (relative to the configuration directory) to one. */
const certificate = z.string().min(1);

export const samlMappingRuleSchema = z
  .strictObject({
    /** Attribute name as sent by the IdP (e.g. `http://schemas.xmlsoap.org/claims/Group`). */
    attribute: z.string().min(1).max(1024),
    equals: z.string().optional(),
    contains: z.string().min(1).optional(),
    startsWith: z.string().min(1).optional(),
    /** A regular expression that must match a whole value. */
    matches: z.string().min(1).max(512).optional(),
    /** The role granted when the rule matches; it must be in the provider's account. */
    role: roleArn,
  })
  .refine((r) => [r.equals, r.contains, r.startsWith, r.matches].filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of equals, contains, startsWith, matches is required',
  })
  .refine(
    (r) => {
      if (r.matches === undefined) return true;
      try {
        new RegExp(`^(?:${r.matches})$`, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'matches is not a valid regular expression' },
  );

export const samlProviderSchema = z
  .strictObject({
    name: z.string().regex(/^[\w.-]{1,128}$/, 'must be 1-128 letters, digits, "_", "." or "-"'),
    /** IdP metadata XML file, relative to the configuration directory. */
    metadataFile: z.string().min(1).optional(),
    /** IdP metadata URL (https only), fetched at start-up and refreshed (cacheDuration / validUntil). */
    metadataUrl: z.url({ protocol: /^https$/ }).optional(),
    entityId: z.string().min(1).max(1024).optional(),
    /** Absolute URL, or a path on rolegate itself (resolved against PUBLIC_URL; the built-in IdP). */
    ssoUrl: z.string().regex(/^(https?:\/\/[^\s]+|\/[^\s/][^\s]*)$/, 'must be an http(s) URL or a path starting with "/"').optional(),
    sloUrl: z.string().regex(/^(https?:\/\/[^\s]+|\/[^\s/][^\s]*)$/, 'must be an http(s) URL or a path starting with "/"').optional(),
    signingCerts: z.array(certificate).max(4).optional(),
    /** Accept unsolicited (IdP-initiated) responses at `POST /saml`. */
    allowIdpInitiated: z.boolean().default(false),
    /** Require a signature on the Response element as well as (or instead of) the Assertion. */
    wantResponseSigned: z.boolean().default(false),
    /** Require a signature on the Assertion itself (a signed Response that covers it also counts when false). */
    wantAssertionSigned: z.boolean().default(true),
    /** Accept RSA-SHA1 / SHA-1 (legacy IdPs only; logged loudly). */
    allowSha1: z.boolean().default(false),
    /** Clock skew tolerated on NotBefore / NotOnOrAfter, seconds (60–180 recommended). */
    clockSkewSeconds: z.number().int().min(0).max(300).default(120),
    /** Read AWS's `https://aws.amazon.com/SAML/Attributes/Role` pairs. */
    useRoleAttribute: z.boolean().default(true),
    /** Ordered mapping rules; every matching rule contributes its role. */
    roleMapping: z.array(samlMappingRuleSchema).max(100).default([]),
    /** What the console does when several roles are allowed: ask the user, deny, or take `defaultRole`. */
    onMultipleRoles: z.enum(['ask', 'deny', 'default']).default('ask'),
    defaultRole: roleArn.optional(),
  })
  .refine((p) => p.metadataFile !== undefined || p.metadataUrl !== undefined || (p.entityId !== undefined && (p.signingCerts?.length ?? 0) > 0), {
    message: 'needs metadataFile, metadataUrl, or entityId with signingCerts',
  })
  .refine((p) => p.onMultipleRoles !== 'default' || p.defaultRole !== undefined, { message: 'onMultipleRoles "default" needs defaultRole' });

export type SamlProviderConfig = z.infer<typeof samlProviderSchema>;
export type SamlMappingRuleConfig = z.infer<typeof samlMappingRuleSchema>;

/** The built-in corporate directory (`config/corporate-directory.json`), served by the development IdP. */
export const corporateDirectorySchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[\w .-]{1,64}$/),
        /** AWS Role attribute values sent for members: `roleArn,providerArn`. */
        awsRoles: z.array(z.string().regex(/^arn:aws:iam::\d{12}:(role|saml-provider)\/[^,]+,arn:aws:iam::\d{12}:(role|saml-provider)\/[^,]+$/, 'must be "roleArn,providerArn"')).default([]),
      }),
    )
    .default([]),
  users: z
    .array(
      z.strictObject({
        username: z.string().regex(/^[\w.@+-]{2,64}$/),
        /** Demo password (development only). */
        password: z.string().min(8),
        displayName: z.string().max(128).optional(),
        email: z.string().max(256).optional(),
        groups: z.array(z.string()).default([]),
        /** Extra attributes: name → values (e.g. eduPersonAffiliation, department). */
        attributes: z.record(z.string().min(1), z.array(z.string())).default({}),
        /** Session tags sent as PrincipalTag:KEY attributes. */
        tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
        /** Sent as the SourceIdentity attribute. */
        sourceIdentity: z.string().optional(),
        /** Sent as the SessionDuration attribute (seconds). */
        sessionDuration: z.number().int().min(900).max(43200).optional(),
      }),
    )
    .default([]),
});

export type CorporateDirectoryConfig = z.infer<typeof corporateDirectorySchema>;
