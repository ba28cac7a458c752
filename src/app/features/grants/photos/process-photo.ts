// processPhoto: turns a photo of a paper form page (camera or file) into the JPEG the tablet stores: long edge at
// most 2,000 px, in a worker off the main thread where the browser allows, on the page otherwise.
import { ATTACHMENT_MAX_BYTES } from '../../../../shared/api';
import type { PhotoReply, PhotoRequest } from './photo-worker';
import { type PhotoOptions, type ResizedPhoto, resizePhoto, UnreadablePhoto } from './resize';

export const PHOTO_MAX_EDGE = 2000;
/** Originals larger than this are refused before decoding (a 12 MP JPEG is 3 to 8 MB). */
export const ORIGINAL_MAX_BYTES = 40 * 1024 * 1024;
export const ACCEPTED_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];

export type PhotoProblem = 'wrong-type' | 'unreadable' | 'too-large-original';

/** A photo that cannot be stored, with the message to show beside the photo field. */
export class PhotoError extends Error {
  override readonly name = 'PhotoError';
  constructor(
    readonly kind: PhotoProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface ProcessedPhoto extends ResizedPhoto {
  originalBytes: number;
  /** Where the work ran: a worker keeps the page responsive while a 12 MP photo is processed. */
  via: 'worker' | 'main-thread';
}

const DEFAULTS: PhotoOptions = { maxEdge: PHOTO_MAX_EDGE, quality: 0.85, maxBytes: ATTACHMENT_MAX_BYTES };

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const waiting = new Map<number, (reply: PhotoReply) => void>();

function photoWorker(): Worker | null {
  if (workerBroken || typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return null;
  if (!worker) {
    try {
      worker = new Worker(new URL('./photo-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<PhotoReply>) => {
        waiting.get(event.data.id)?.(event.data);
        waiting.delete(event.data.id);
      };
      worker.onerror = () => {
        // The worker could not start (or died): fail what it held and use the page from now on.
        workerBroken = true;
        worker = null;
        for (const [id, resolve] of waiting)
          resolve({ id, ok: false, unreadable: false, message: 'worker failed' });
        waiting.clear();
      };
    } catch {
      workerBroken = true;
      return null;
    }
  }
  return worker;
}

async function inWorker(target: Worker, file: Blob, options: PhotoOptions): Promise<PhotoReply> {
  const bytes = await file.arrayBuffer();
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    const request: PhotoRequest = { id, bytes, type: file.type, options };
    target.postMessage(request, [bytes]);
  });
}

function onMainThread(file: Blob, options: PhotoOptions): Promise<ResizedPhoto> {
  return resizePhoto(
    file,
    options,
    (width, height) => Object.assign(document.createElement('canvas'), { width, height }),
    (canvas, quality) =>
      new Promise<Blob>((resolve, reject) =>
        canvas.toBlob(
          (blob) => (blob ? resolve(blob) : reject(new UnreadablePhoto('encode failed'))),
          'image/jpeg',
          quality,
        ),
      ),
  );
}

const unreadable = (name: string) =>
  new PhotoError(
    'unreadable',
    `${name} could not be read. It may be damaged or in a format this tablet cannot open. Take the photo again or choose another file`,
  );

/**
 * Works offline (nothing leaves the tablet). Refuses with PhotoError a file that is not a photo, is over 40 MB,
 * or cannot be decoded; nothing is stored in that case.
 */
export async function processPhoto(
  file: Blob,
  name = 'The photo',
  options: Partial<PhotoOptions> = {},
): Promise<ProcessedPhoto> {
  if (!file.type.startsWith('image/') || file.type === 'image/svg+xml' || file.type === 'image/gif') {
    throw new PhotoError('wrong-type', `${name} is not a photo. Choose a JPEG, PNG, HEIC or WebP file`);
  }
  if (file.size > ORIGINAL_MAX_BYTES) {
    throw new PhotoError(
      'too-large-original',
      `${name} is larger than 40 MB. Take the photo again at a lower resolution`,
    );
  }
  const settings = { ...DEFAULTS, ...options };
  const target = photoWorker();
  if (target) {
    const reply = await inWorker(target, file, settings);
    if (reply.ok) {
      const { id: _id, ok: _ok, ...result } = reply;
      return { ...result, originalBytes: file.size, via: 'worker' };
    }
    if (reply.unreadable) throw unreadable(name);
    // The worker itself failed: try on the page.
  }
  try {
    return { ...(await onMainThread(file, settings)), originalBytes: file.size, via: 'main-thread' };
  } catch (error) {
    if (error instanceof UnreadablePhoto) throw unreadable(name);
    throw error;
  }
}
