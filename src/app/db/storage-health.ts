// Durability of the tablet's storage: persistent-storage permission, space used and available, the 80% warning.
export interface StorageHealth {
  /** true: the browser will not evict our data under pressure; false: it may; null: the browser cannot say. */
  persisted: boolean | null;
  usageBytes: number | null;
  quotaBytes: number | null;
  /** usage / quota, or null when the browser does not report them. */
  usedFraction: number | null;
  nearlyFull: boolean;
}

export const NEARLY_FULL_FRACTION = 0.8;

/**
 * Asks the browser to keep this app's storage even when the device runs low (navigator.storage.persist), then
 * reports the result with usage and quota. Never throws: an unsupported API gives nulls.
 */
export async function checkStorageHealth(options: { requestPersistence: boolean }): Promise<StorageHealth> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  let persisted: boolean | null = null;
  try {
    if (storage?.persist && options.requestPersistence) persisted = await storage.persist();
    else if (storage?.persisted) persisted = await storage.persisted();
  } catch {
    persisted = null;
  }
  let usageBytes: number | null = null;
  let quotaBytes: number | null = null;
  try {
    const estimate = await storage?.estimate?.();
    usageBytes = estimate?.usage ?? null;
    quotaBytes = estimate?.quota ?? null;
  } catch {
    // Reported as unknown.
  }
  return describeStorage(persisted, usageBytes, quotaBytes);
}

export function describeStorage(
  persisted: boolean | null,
  usageBytes: number | null,
  quotaBytes: number | null,
): StorageHealth {
  const usedFraction = usageBytes !== null && quotaBytes ? usageBytes / quotaBytes : null;
  return {
    persisted,
    usageBytes,
    quotaBytes,
    usedFraction,
    nearlyFull: usedFraction !== null && usedFraction > NEARLY_FULL_FRACTION,
  };
}
