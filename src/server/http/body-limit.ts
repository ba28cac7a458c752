// Request body size limits that answer 413 without breaking the keep-alive connection the request came on.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { type ApiError, errorBody } from './errors';

/**
 * How much of a body over the limit is read and thrown away before answering 413. A client sends its whole
 * body before it reads the answer; if the server stopped reading, the connection would have unread bytes in it
 * and be dropped (the next request on it lost, or the 413 itself lost to a reset). Up to this many bytes are
 * discarded (never buffered) so the 413 arrives cleanly and the connection stays usable; beyond it the 413 is
 * sent with `Connection: close` and the connection ends, so nobody can keep the server reading for ever.
 */
export const DISCARD_MAX_BYTES = 16 * 1024 * 1024;

/** Reads and drops the rest of a body, up to `budget` bytes. True when the body ended within it. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<boolean> {
  let left = budget;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    left -= value.byteLength;
    if (left < 0) return false;
  }
}

/**
 * Refuses a body over `maxBytes` with `tooLarge()`'s 413, checked from Content-Length when given, else while
 * reading (chunked bodies). Bodies within the limit are passed on (a streamed one buffered, at most maxBytes).
 */
export function limitBody(maxBytes: number, tooLarge: () => ApiError): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const refuse = (clean: boolean) => {
      const error = tooLarge();
      return c.json(
        errorBody(error.code, error.message, error.details),
        error.status,
        clean ? {} : { connection: 'close' },
      );
    };
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.raw.headers.has('transfer-encoding')) {
      const length = Number(declared);
      if (length <= maxBytes) return next();
      if (length > maxBytes + DISCARD_MAX_BYTES) return refuse(false);
      return refuse(await discard(body.getReader(), length));
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return refuse(await discard(reader, DISCARD_MAX_BYTES));
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: bytes });
    return next();
  };
}
