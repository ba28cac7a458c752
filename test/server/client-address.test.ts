// The key a client address is counted under for login limits: IPv4 as itself, IPv6 by its /64 prefix.
import { describe, expect, it } from 'vitest';
import { addressKey } from '../../src/server/http/client-address';

describe('addressKey', () => {
  it('keeps an IPv4 address, and unwraps an IPv4-mapped IPv6 one', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every IPv6 address in one /64 together, however it is written', () => {
    const key = addressKey('2001:db8:0:12:aaaa::1');
    expect(key).toBe('2001:db8:0:12::/64');
    expect(addressKey('2001:0DB8:0000:0012:ffff:1:2:3')).toBe(key);
    expect(addressKey('2001:db8::12:0:0:0:9%eth0')).toBe('2001:db8:0:12::/64');
    expect(addressKey('2001:db8:0:13::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
