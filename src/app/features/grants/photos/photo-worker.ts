// The photo worker: decodes, downscales and encodes photos off the main thread (OffscreenCanvas), one at a time.
import { type PhotoOptions, resizePhoto, UnreadablePhoto } from './resize';

export interface PhotoRequest {
  id: number;
  bytes: ArrayBuffer;
  type: string;
  options: PhotoOptions;
}

export type PhotoReply =
  | {
      id: number;
      ok: true;
      blob: Blob;
      width: number;
      height: number;
      originalWidth: number;
      originalHeight: number;
    }
  | { id: number; ok: false; unreadable: boolean; message: string };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<PhotoRequest>) => void) | null;
  postMessage(message: PhotoReply): void;
};

scope.onmessage = async (event) => {
  const { id, bytes, type, options } = event.data;
  try {
    const result = await resizePhoto(
      new Blob([bytes], { type }),
      options,
      (width, height) => new OffscreenCanvas(width, height),
      (canvas, quality) => canvas.convertToBlob({ type: 'image/jpeg', quality }),
    );
    scope.postMessage({ id, ok: true, ...result });
  } catch (error) {
    scope.postMessage({
      id,
      ok: false,
      unreadable: error instanceof UnreadablePhoto,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
