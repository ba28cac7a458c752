// Reads everything the origin keeps in the browser, directly (not through the app): every IndexedDB database and
// object store (values and keys, walked deeply: strings, numbers, dates, ArrayBuffers and typed arrays as bytes,
// Blobs read whole), localStorage, sessionStorage, and every Cache Storage response. Reports where each needle was
// found in the clear: text needles case-insensitively, in strings and in bytes read as UTF-8; byte needles as raw
// bytes. Also the SHA-256 of every stored Blob and buffer, to compare with files that must not be stored as they are.
import type { Page } from 'playwright-core';

export interface ScanNeedles {
  text: string[];
  /** Byte sequences, base64. */
  bytes: Record<string, string>;
}

export interface ScanResult {
  /** needle → where it was found (database/store, localStorage, cache URL). */
  found: Record<string, string[]>;
  /** What was read: `database/store` → values and keys read. */
  stores: Record<string, number>;
  /** Blobs and buffers read, and their SHA-256 (hex). */
  binaries: { where: string; bytes: number; sha256: string }[];
  caches: string[];
}

// A string script (run as written, nothing of the app's code), so nothing the bundler or the test runner adds
// stands between the scan and the browser's storage.
const SCAN = `async (needles) => {
  const found = {};
  const stores = {};
  const binaries = [];
  const caches_ = [];
  const textNeedles = needles.text.map((text) => text.toLowerCase());
  const byteNeedles = Object.entries(needles.bytes).map(([name, b64]) => [
    name,
    Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
  ]);
  const note = (needle, where) => {
    const list = (found[needle] ??= []);
    if (!list.includes(where)) list.push(where);
  };
  const searchText = (text, where) => {
    const lower = text.toLowerCase();
    needles.text.forEach((needle, i) => {
      if (lower.includes(textNeedles[i])) note(needle, where);
    });
  };
  const contains = (haystack, needle) => {
    const first = needle[0];
    const last = haystack.length - needle.length;
    for (let i = haystack.indexOf(first); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
      let j = 1;
      while (j < needle.length && haystack[i + j] === needle[j]) j++;
      if (j === needle.length) return true;
    }
    return false;
  };
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const searchBytes = async (bytes, where) => {
    searchText(new TextDecoder('utf-8').decode(bytes), where);
    for (const [name, needle] of byteNeedles) if (contains(bytes, needle)) note(name, where);
    binaries.push({ where, bytes: bytes.length, sha256: hex(await crypto.subtle.digest('SHA-256', bytes)) });
  };
  const walk = async (value, where, seen) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') return searchText(value, where);
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
      return searchText(String(value), where);
    if (typeof value !== 'object') return;
    if (seen.has(value)) return;
    seen.add(value);
    if (value instanceof Date) return searchText(value.toISOString(), where);
    if (value instanceof Blob) return searchBytes(new Uint8Array(await value.arrayBuffer()), where);
    if (value instanceof ArrayBuffer) return searchBytes(new Uint8Array(value.slice(0)), where);
    if (ArrayBuffer.isView(value))
      return searchBytes(new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)), where);
    if (value instanceof Map) {
      for (const [k, v] of value) {
        await walk(k, where, seen);
        await walk(v, where, seen);
      }
      return;
    }
    if (value instanceof Set) {
      for (const v of value) await walk(v, where, seen);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      searchText(k, where);
      await walk(v, where, seen);
    }
  };
  const ask = (request) =>
    new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  for (const info of await indexedDB.databases()) {
    const db = await ask(indexedDB.open(info.name));
    for (const storeName of db.objectStoreNames) {
      const where = info.name + '/' + storeName;
      const store = db.transaction(storeName).objectStore(storeName);
      const [values, keys] = await Promise.all([ask(store.getAll()), ask(store.getAllKeys())]);
      stores[where] = values.length + keys.length;
      await walk(values, where, new Set());
      await walk(keys, where, new Set());
    }
    db.close();
  }
  for (const [name, storage] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      searchText(key, name);
      searchText(storage.getItem(key) ?? '', name);
    }
  }
  for (const cacheName of await caches.keys()) {
    const cache = await caches.open(cacheName);
    for (const request of await cache.keys()) {
      const where = 'cache ' + cacheName + ' ' + request.url;
      caches_.push(where);
      searchText(request.url, where);
      const response = await cache.match(request);
      if (response) await searchBytes(new Uint8Array(await response.arrayBuffer()), where);
    }
  }
  return { found, stores, binaries, caches: caches_ };
}`;

export function scanOriginStorage(page: Page, needles: ScanNeedles): Promise<ScanResult> {
  return page.evaluate(`(${SCAN})(${JSON.stringify(needles)})`) as Promise<ScanResult>;
}

/** Puts every needle in the clear into a scratch IndexedDB database (a string, a number, a Blob, bytes). */
export function storeInTheClear(page: Page, database: string, needles: ScanNeedles): Promise<void> {
  return page.evaluate(`(async (database, needles) => {
    const ask = (request) => new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const open = indexedDB.open(database, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('plain');
    const db = await ask(open);
    const bytes = Object.values(needles.bytes).map((b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const store = db.transaction('plain', 'readwrite').objectStore('plain');
    await ask(store.put({ nested: { texts: needles.text } }, 'strings'));
    await ask(store.put(new Blob([needles.text.join(' ')]), 'text blob'));
    await ask(store.put(bytes.map((b) => new Blob([new Uint8Array(8), b, new Uint8Array(8)])), 'blobs'));
    db.close();
  })(${JSON.stringify(database)}, ${JSON.stringify(needles)})`);
}

export function deleteDatabase(page: Page, database: string): Promise<void> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(${JSON.stringify(database)});
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked'));
  })`);
}
