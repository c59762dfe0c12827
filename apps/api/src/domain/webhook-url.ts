import { BlockList, isIP } from 'node:net';
import { DomainError } from './failure';
import type { Mode } from './scope';

/** Addresses a live webhook must never reach: loopback, private, link-local, CGNAT, multicast, reserved. */
const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv4');
}
// No rule for IPv4-mapped addresses (::ffff:0:0/96): BlockList checks ::ffff:a.b.c.d against the IPv4 rules above
// by itself, and such a rule would also match every plain IPv4 address (BlockList maps those to ::ffff:a.b.c.d),
// so no live endpoint on an IPv4 host could ever be created.
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b::', 96], // NAT64: reaches IPv4 addresses, private ones included
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !forbidden.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `field.detail` says why on its own (the webhook worker reports it for a refused delivery). */
const reject = (detail: string) =>
  new DomainError('webhook_url_not_allowed', `This webhook URL is not allowed: ${detail}`, {
    path: ['url'],
    detail,
  });

/**
 * Live endpoints must be https and reach only public addresses (no SSRF into our own network). Test endpoints may
 * use http and loopback so developers can receive events on their machine.
 */
export function assertWebhookUrlAllowed(url: URL, mode: Mode, resolvedAddresses: string[]): void {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw reject('only http and https URLs can receive webhooks.');
  if (url.username || url.password) throw reject('credentials in the URL are not allowed.');
  if (mode === 'test') return;
  if (url.protocol !== 'https:') throw reject('live-mode endpoints must use https.');
  if (resolvedAddresses.length === 0) throw reject(`${url.hostname} does not resolve.`);
  const blocked = resolvedAddresses.find((address) => !isPublicAddress(address));
  if (blocked) throw reject(`${url.hostname} resolves to ${blocked}, a private or loopback address.`);
}
