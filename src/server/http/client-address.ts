// The client's address for per-address limits: the socket's remote address, keyed by IPv4 or IPv6 /64 prefix.
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * The socket's remote address (@hono/node-server passes the Node request as `c.env.incoming`), or null when there is
 * no socket: in-process calls (`app.request`) pass no env, so per-address limits are skipped there. Tests that need
 * an address either serve the app on a real socket or pass `{ incoming: { socket: { remoteAddress } } }` as
 * app.request's third argument (the env). Behind a reverse proxy this is the proxy's address.
 */
export function clientAddress(c: Context): string | null {
  const env = c.env as Partial<HttpBindings> | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

/**
 * The key an address is counted under: an IPv4 address as itself (also when IPv4-mapped, `::ffff:a.b.c.d`), an IPv6
 * address by its /64 prefix, since one client usually holds a whole /64. Anything unparseable is kept as given.
 */
export function addressKey(address: string): string {
  const bare = address.split('%')[0]?.toLowerCase() ?? address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1] as string;
  if (!bare.includes(':')) return bare;
  const [head = '', tail = '', ...rest] = bare.split('::');
  if (rest.length > 0) return bare;
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = bare.includes('::')
    ? [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups]
    : headGroups;
  const prefix = groups.slice(0, 4);
  if (prefix.length < 4 || !prefix.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return bare;
  return `${prefix.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}
