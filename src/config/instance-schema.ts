/**
 * @module config/instance-schema — simulated EC2 instances and instance profiles in an account file.
 *
 * ```json
 * "instanceProfiles": [{ "name": "AppServerProfile", "role": "AppServerRole" }],
 * "instances": [{ "id": "i-0a1b2c3d4e5f67890", "name": "app-server-1", "instanceProfile": "AppServerProfile",
 *                 "tags": { "critical": "true" } }]
 * ```
 *
 * An instance profile names one role of the same account (as in IAM); that role must trust the
 * service principal `ec2.amazonaws.com` (checked with the policy engine at load time).
 */
import { z } from 'zod';

const iamName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be 1-64 characters of letters, digits and _+=,.@-');
const iamPath = z
  .string()
  .regex(/^\/([\x21-\x7e]*\/)?$/, 'must start and end with "/"')
  .max(512)
  .default('/');
/** EC2 tag limits: key 1-128, value 0-256 characters. */
const tagMap = z.record(
  z.string().min(1).max(128).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'invalid tag key'),
  z.string().max(256),
);
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as us-east-1');

export const instanceIdPattern = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;

export const instanceProfileSchema = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,128}$/, 'must be 1-128 characters of letters, digits and _+=,.@-'),
  path: iamPath,
  /** Name of a role in the same account. */
  role: iamName,
});

export const instanceSchema = z.strictObject({
  /** `i-` followed by 8 or 17 lower-case hex digits. */
  id: z.string().regex(instanceIdPattern, 'must be "i-" followed by 8 or 17 lower-case hex digits'),
  /** The instance's `Name` tag, shown in the console. */
  name: z.string().min(1).max(256),
  /** Name of an instance profile of the same account. */
  instanceProfile: z.string().regex(/^[\w+=,.@-]{1,128}$/, 'must be an instance profile name').optional(),
  /** Region reported by the metadata endpoint (`placement/region`). */
  region: region.default('us-east-1'),
  /** Availability zone reported by the metadata endpoint (default: region + "a"). */
  availabilityZone: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'must be an availability zone such as us-east-1a').optional(),
  instanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, 'must be an instance type such as t3.micro').default('t3.micro'),
  /** As EC2's `HttpTokens`: `required` (IMDSv2 only, the default) or `optional` (IMDSv1 allowed too). */
  metadataOptions: z
    .strictObject({ httpTokens: z.enum(['required', 'optional']).default('required') })
    .default({ httpTokens: 'required' }),
  tags: tagMap.default({}),
});

export type InstanceConfig = z.infer<typeof instanceSchema>;
export type InstanceProfileConfig = z.infer<typeof instanceProfileSchema>;
