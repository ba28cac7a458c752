// SHA-256 as the server names attachments: lower-case hex. Used by attachments, the lifecycle and backup files.

/** Lower-case hex SHA-256 of the bytes, as the server's attachment endpoint names them. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  // A view of the bytes: WebCrypto refuses an ArrayBuffer from another realm (a Blob read in a test DOM).
  const digest = await crypto.subtle.digest(
    'SHA-256',
    bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
  );
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
