// Reads the photos the app stored in IndexedDB, in page order, with their decoded size (the app's own CSP keeps
// a test from fetching the blob: URLs it shows).
import type { Page } from 'playwright-core';

export interface StoredPhoto {
  name: string;
  width: number;
  height: number;
  bytes: number;
  type: string;
}

export function storedPhotos(page: Page): Promise<StoredPhoto[]> {
  return page.evaluate(
    () =>
      new Promise<StoredPhoto[]>((resolve, reject) => {
        const open = indexedDB.open('anchor-outreach');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('attachments').objectStore('attachments').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = async () => {
            const rows = (request.result as { name: string; position: number; blob: Blob }[]).sort(
              (a, b) => a.position - b.position,
            );
            const photos = await Promise.all(
              rows.map(async (row) => {
                const bitmap = await createImageBitmap(row.blob);
                const photo = {
                  name: row.name,
                  width: bitmap.width,
                  height: bitmap.height,
                  bytes: row.blob.size,
                  type: row.blob.type,
                };
                bitmap.close();
                return photo;
              }),
            );
            open.result.close();
            resolve(photos);
          };
        };
      }),
  );
}
