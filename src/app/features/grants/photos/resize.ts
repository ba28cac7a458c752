// Decoding, downscaling and JPEG encoding of one photo, shared by the photo worker and the main-thread fallback.

export interface PhotoOptions {
  /** The long edge of the stored image, at most (never upscaled). */
  maxEdge: number;
  quality: number;
  /** The stored JPEG may be at most this size; quality steps down until it fits. */
  maxBytes: number;
}

export interface ResizedPhoto {
  blob: Blob;
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
}

/** Thrown when the bytes are not an image the browser can decode. */
export class UnreadablePhoto extends Error {
  override readonly name = 'UnreadablePhoto';
}

type Canvas = {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
};

export function targetSize(
  width: number,
  height: number,
  maxEdge: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Decodes `source` (honouring its EXIF orientation), draws it at most `maxEdge` on its long side and encodes JPEG.
 * `makeCanvas` and `encode` differ between a worker (OffscreenCanvas) and the page (HTMLCanvasElement).
 */
export async function resizePhoto<C extends Canvas>(
  source: Blob,
  options: PhotoOptions,
  makeCanvas: (width: number, height: number) => C,
  encode: (canvas: C, quality: number) => Promise<Blob>,
): Promise<ResizedPhoto> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
  } catch {
    throw new UnreadablePhoto('decode failed');
  }
  try {
    const size = targetSize(bitmap.width, bitmap.height, options.maxEdge);
    const canvas = makeCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new UnreadablePhoto('no 2d context');
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    // A transparent PNG becomes JPEG on white, as it would look on paper.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    let quality = options.quality;
    let blob = await encode(canvas, quality);
    while (blob.size > options.maxBytes && quality > 0.4) {
      quality -= 0.1;
      blob = await encode(canvas, quality);
    }
    return { blob, ...size, originalWidth: bitmap.width, originalHeight: bitmap.height };
  } finally {
    bitmap.close();
  }
}
