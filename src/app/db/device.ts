// This tablet's identity and metadata (device id, first use, last backup), kept in the meta table.
import { newId } from '../../shared/ids';
import { database } from './connection';
import { guarded } from './errors';

export interface DeviceInfo {
  deviceId: string;
  firstUsedAt: string;
}

let cached: DeviceInfo | null = null;

/**
 * The tablet's identity, made on first use and kept for the life of its storage. Works offline; two tabs racing
 * on first use agree on one id because the read-then-write runs in one IndexedDB transaction.
 */
export function getDeviceInfo(): Promise<DeviceInfo> {
  if (cached) return Promise.resolve(cached);
  return guarded(async () => {
    const db = database();
    const info = await db.transaction('rw', db.meta, async () => {
      const existing = await db.meta.get('device');
      if (existing) return existing.value as DeviceInfo;
      const made: DeviceInfo = { deviceId: newId(), firstUsedAt: new Date().toISOString() };
      await db.meta.put({ key: 'device', value: made });
      return made;
    });
    cached = info;
    return info;
  });
}

/** Forgets the cached identity (tests switch databases underneath it). */
export function forgetCachedDeviceInfo(): void {
  cached = null;
}

export async function readMeta<T>(key: string): Promise<T | undefined> {
  return guarded(async () => (await database().meta.get(key))?.value as T | undefined);
}

export async function writeMeta(key: string, value: unknown): Promise<void> {
  await guarded(() => database().meta.put({ key, value }));
}
