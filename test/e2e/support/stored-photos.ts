// Reads the photos the app stored in IndexedDB, in page order, and their decoded size as the photos page shows
// them. The stored Blobs are ciphertext (sealed under the unlocked worker's key, codec.ts), so the pixel size is
// read from the thumbnails the app decrypted (the app's own CSP keeps a test from fetching their blob: URLs, but
// an image element may load them). Call it on the photos page, unlocked, with every thumbnail shown.
import type { Page } from 'playwright-core';

export interface StoredPhoto {
  name: string;
  width: number;
  height: number;
  /** The photo's size as added (the plaintext). */
  bytes: number;
  /** Its media type as added. */
  type: string;
  /** Whether the stored Blob is sealed (has a `seal`), and its size and type as stored. */
  sealed: boolean;
  storedBytes: number;
  storedType: string;
}

export async function storedPhotos(page: Page): Promise<StoredPhoto[]> {
  return page.evaluate(async () => {
    const rows = await new Promise<
      { name: string; position: number; size: number; mediaType: string; seal?: unknown; blob: Blob }[]
    >((resolve, reject) => {
      const open = indexedDB.open('anchor-outreach');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('attachments').objectStore('attachments').getAll();
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          open.result.close();
          resolve(request.result);
        };
      };
    });
    rows.sort((a, b) => a.position - b.position);
    // Each thumbnail appears once the app has read and decrypted its photo.
    const thumbnails = () => [...document.querySelectorAll<HTMLImageElement>('[data-testid="photo"] img')];
    for (let i = 0; i < 100 && thumbnails().length < rows.length; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const shown = thumbnails();
    if (shown.length !== rows.length) throw new Error(`${rows.length} photos stored, ${shown.length} shown`);
    return Promise.all(
      rows.map(async (row, index) => {
        // A fresh eager image of the thumbnail's source (the thumbnails themselves load lazily).
        const image = new Image();
        image.src = (shown[index] as HTMLImageElement).src;
        await image.decode();
        return {
          name: row.name,
          width: image.naturalWidth,
          height: image.naturalHeight,
          bytes: row.size,
          type: row.mediaType,
          sealed: Boolean(row.seal),
          storedBytes: row.blob.size,
          storedType: row.blob.type,
        };
      }),
    );
  });
}
