/**
 * IpAddress / NotIpAddress (IAM User Guide, "Condition operators › IP address condition operators").
 */
import { describe } from 'node:test';
import { doc, runConditionVectors, runVectors } from './helpers.js';

const OPS = 'Condition operators › IP address';

describe('IpAddress / NotIpAddress', () => {
  runConditionVectors([
    { name: 'IPv4 address inside the CIDR block', rule: `${OPS} — IpAddress: the specified IP address or range (CIDR)`, condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, context: { 'aws:SourceIp': '203.0.113.7' }, allowed: true },
    {
      name: 'IPv4 address outside the block',
      rule: `${OPS} — IpAddress: the specified IP address or range`,
      condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      context: { 'aws:SourceIp': '198.51.100.1' },
      allowed: false,
      messages: ['Condition IpAddress aws:SourceIp: expected an address in one of ["203.0.113.0/24"], got "198.51.100.1"'],
    },
    { name: 'a bare IPv4 address is /32 (match)', rule: `${OPS} — "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32"`, condition: { IpAddress: { 'aws:SourceIp': '192.0.2.10' } }, context: { 'aws:SourceIp': '192.0.2.10' }, allowed: true },
    { name: 'a bare IPv4 address is /32 (neighbour)', rule: `${OPS} — default prefix /32`, condition: { IpAddress: { 'aws:SourceIp': '192.0.2.10' } }, context: { 'aws:SourceIp': '192.0.2.11' }, allowed: false },
    { name: 'odd prefix lengths', rule: `${OPS} — standard CIDR format`, condition: { IpAddress: { 'aws:SourceIp': '10.1.128.0/17' } }, context: { 'aws:SourceIp': '10.1.200.3' }, allowed: true },
    { name: 'host bits in the policy block are ignored', rule: `${OPS} — standard CIDR format`, condition: { IpAddress: { 'aws:SourceIp': '10.1.2.3/8' } }, context: { 'aws:SourceIp': '10.200.0.1' }, allowed: true },
    { name: '/0 covers every IPv4 address', rule: `${OPS} — standard CIDR format`, condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, context: { 'aws:SourceIp': '255.255.255.255' }, allowed: true },
    { name: 'IPv6 block (doc example 2001:DB8:1234:5678::/64)', rule: `${OPS} — IPv6 ranges, e.g. 2001:DB8:1234:5678::/64`, condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, context: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, allowed: true },
    { name: 'IPv6 outside the block', rule: `${OPS} — IPv6 ranges`, condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, context: { 'aws:SourceIp': '2001:db8:1234:5679::1' }, allowed: false },
    { name: 'a bare IPv6 address is /128', rule: `${OPS} — default prefix /128 for IPv6`, condition: { IpAddress: { 'aws:SourceIp': '2001:db8::1' } }, context: { 'aws:SourceIp': '2001:0db8:0000:0000:0000:0000:0000:0001' }, allowed: true },
    { name: 'mixed IPv4 and IPv6 list (ORed)', rule: `${OPS} — several ranges for one key are ORed`, condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:DB8:1234:5678::/64'] } }, context: { 'aws:SourceIp': '2001:db8:1234:5678::9' }, allowed: true },
    { name: 'IPv4 never matches an IPv6 block', rule: `${OPS} — IPv4 and IPv6 are separate address families`, condition: { IpAddress: { 'aws:SourceIp': '::/0' } }, context: { 'aws:SourceIp': '192.0.2.1' }, allowed: false },
    { name: 'NotIpAddress outside the block', rule: `${OPS} — NotIpAddress: all IP addresses except the specified range`, condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } }, context: { 'aws:SourceIp': '198.51.100.9' }, allowed: true },
    { name: 'NotIpAddress inside a block', rule: `${OPS} — NotIpAddress: negated matching`, condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } }, context: { 'aws:SourceIp': '203.0.113.9' }, allowed: false, messages: ['Condition NotIpAddress aws:SourceIp: expected an address in none of ["192.0.2.0/24","203.0.113.0/24"], got "203.0.113.9"'] },
    { name: 'an unreadable address does not match IpAddress', rule: `${OPS} — a value that is not an IP address does not match`, condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, context: { 'aws:SourceIp': 'vpce-1a2b' }, allowed: false, messages: ['Condition IpAddress aws:SourceIp: expected an address in one of ["0.0.0.0/0"], got "vpce-1a2b" ("vpce-1a2b" is not a valid IP address)'] },
    { name: 'an unreadable address does not match NotIpAddress either', rule: `${OPS} — a value that is not an IP address does not match`, condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context: { 'aws:SourceIp': '999.1.1.1' }, allowed: false },
    { name: 'absent aws:SourceIp: IpAddress fails', rule: 'AWS global condition context keys — aws:SourceIp is absent for requests through a VPC endpoint; positive operators do not match', condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context: {}, allowed: false },
    { name: 'absent aws:SourceIp: NotIpAddress matches', rule: 'Condition operators — negated operators match when the key is absent', condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context: {}, allowed: true },
  ]);
});

describe('deny access from outside the corporate ranges (doc example)', () => {
  const rule = 'AWS: Denies access to AWS based on the source IP — Deny "*" with NotIpAddress aws:SourceIp [192.0.2.0/24, 203.0.113.0/24]';
  const policies = {
    identity: {
      Work: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
      Corp: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } }),
    },
  };
  runVectors([
    { name: 'inside a corporate range', rule, policies, request: { action: 'ec2:RunInstances', context: { 'aws:SourceIp': '192.0.2.44' } }, expect: { decision: 'Allow', determining: ['identity:Work#0'] } },
    { name: 'outside the corporate ranges', rule, policies, request: { action: 'ec2:RunInstances', context: { 'aws:SourceIp': '198.51.100.5' } }, expect: { decision: 'ExplicitDeny', determining: ['identity:Corp#0'], matched: ['identity:Work#0', 'identity:Corp#0'] } },
  ]);
});
