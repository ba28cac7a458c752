// The console's postcode directory calls: uploading the ONS CSV (XMLHttpRequest, for upload progress), an import's
// progress, and the latest import. The upload carries the coordinator's token like every console call.
import { API_PREFIX } from '../../../shared/api';
import type { PostcodeImportStatus } from '../../../shared/console';
import { isApiErrorCode } from '../../../shared/error-codes';
import {
  ConsoleError,
  consoleJson,
  consoleSessionStore,
  consoleSignOut,
  NO_CONNECTION_MESSAGE,
} from '../console-client';

export interface UploadProgress {
  sent: number;
  /** Null when the browser cannot tell the upload's size. */
  total: number | null;
}

/** The ConsoleError for a refused upload, from the server's `{"error": {code, message, details}}`. */
function refusal(xhr: XMLHttpRequest): ConsoleError {
  let body: { error?: { code?: unknown; message?: string; details?: unknown } } = {};
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    // Not JSON (a proxy's error page): the status speaks.
  }
  const code = isApiErrorCode(body.error?.code) ? body.error.code : null;
  const message = body.error?.message ?? `The central service answered ${xhr.status}. Try again.`;
  return new ConsoleError(xhr.status, code, message, body.error?.details);
}

/**
 * POST /postcode-imports with the file as the raw body (text/csv). Reports upload progress as it goes and resolves
 * with the import the server started (it goes on after the upload; poll fetchPostcodeImport). A refusal rejects
 * with a ConsoleError (409 `import-running`, 413 too large); a 401 ends the console sign-in, as consoleRequest does.
 */
export function uploadPostcodeDirectory(
  file: Blob,
  onProgress: (progress: UploadProgress) => void,
): Promise<PostcodeImportStatus> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_PREFIX}/postcode-imports`);
    xhr.setRequestHeader('content-type', 'text/csv');
    const token = consoleSessionStore.getState().session?.token;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (event) =>
      onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : null }),
    );
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as PostcodeImportStatus);
        } catch {
          reject(new ConsoleError(xhr.status, null, 'The central service’s answer could not be read.'));
        }
        return;
      }
      if (xhr.status === 401) consoleSignOut();
      reject(refusal(xhr));
    });
    // A dropped connection or a refused socket: the request never got an answer.
    xhr.addEventListener('error', () => reject(new ConsoleError(0, null, NO_CONNECTION_MESSAGE)));
    xhr.addEventListener('abort', () => reject(new ConsoleError(0, null, 'The upload was stopped.')));
    xhr.send(file);
  });
}

/** GET /postcode-imports/{id}: the import's rows read and postcodes kept so far, and whether it is done. */
export const fetchPostcodeImport = (id: string): Promise<PostcodeImportStatus> =>
  consoleJson<PostcodeImportStatus>(`/postcode-imports/${encodeURIComponent(id)}`);

/** GET /postcode-imports/latest: the newest import, or null when there has been none (404 or a null answer). */
export async function fetchLatestPostcodeImport(): Promise<PostcodeImportStatus | null> {
  try {
    return await consoleJson<PostcodeImportStatus | null>('/postcode-imports/latest');
  } catch (error) {
    // No import yet is not a fault: the page says none has been made.
    if (error instanceof ConsoleError && error.status === 404) return null;
    throw error;
  }
}
