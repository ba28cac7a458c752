// Export of the filtered records as CSV, one file per record type: the body is read as it streams, with the rows
// counted against the server's X-Total-Rows shown as progress, then saved as a download.
import { useEffect, useRef, useState } from 'preact/hooks';
import { RECORD_TYPE_LABELS, RECORD_TYPES, type RecordType } from '../../../shared/records';
import { Button } from '../../components/button';
import { formatBytes } from '../../shell/format';
import { type ExportProgress, exportRecordsCsv, type RecordFilters } from '../../sync/console/records';
import { ConsoleError } from '../../sync/console-client';
import { saveFile } from '../backup/save-file';
import { countText } from './console-fields';

type ExportState =
  | { state: 'idle' }
  | { state: 'running'; type: RecordType; progress: ExportProgress }
  | { state: 'done'; type: RecordType; rows: number; filename: string }
  | { state: 'failed'; type: RecordType; message: string };

function progressText(progress: ExportProgress): string {
  const rows = countText(progress.rows);
  return progress.totalRows === null
    ? `Downloading: ${rows} records (${formatBytes(progress.bytes)}) so far.`
    : `Downloading: ${rows} of ${countText(progress.totalRows)} records.`;
}

export function ExportControls(props: { filters: RecordFilters }) {
  const [run, setRun] = useState<ExportState>({ state: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const types = props.filters.type ? [props.filters.type] : RECORD_TYPES;

  async function start(type: RecordType) {
    const controller = new AbortController();
    abort.current = controller;
    setRun({ state: 'running', type, progress: { rows: 0, bytes: 0, totalRows: null } });
    try {
      const file = await exportRecordsCsv(
        type,
        props.filters,
        (progress) => setRun({ state: 'running', type, progress }),
        controller.signal,
      );
      saveFile(file.blob, file.filename);
      setRun({ state: 'done', type, rows: file.rows, filename: file.filename });
    } catch (error) {
      if (controller.signal.aborted) return;
      setRun({
        state: 'failed',
        type,
        message:
          error instanceof ConsoleError ? error.message : 'The download stopped before the end. Try again.',
      });
    }
  }

  const running = run.state === 'running';
  return (
    <section aria-labelledby="export-heading" data-testid="export-controls">
      <h2 class="nhsuk-heading-m" id="export-heading">
        Download as CSV
      </h2>
      <p class="nhsuk-body">
        The records these filters find, one file for each type of record, with a column for each answer. The
        file opens in Excel.
      </p>
      <div class="app-console-actions">
        {types.map((type) => (
          <Button key={type} variant="secondary" disabled={running} onClick={() => void start(type)}>
            Download {RECORD_TYPE_LABELS[type].many.toLowerCase()}
          </Button>
        ))}
      </div>
      {running ? (
        <div>
          <label class="nhsuk-label" for="export-progress">
            Downloading {RECORD_TYPE_LABELS[run.type].many.toLowerCase()}
          </label>
          <progress
            id="export-progress"
            class="app-meter"
            max={run.progress.totalRows ?? undefined}
            value={run.progress.totalRows === null ? undefined : run.progress.rows}
          />
        </div>
      ) : null}
      <p class="nhsuk-body" role="status" data-testid="export-status">
        {run.state === 'running'
          ? progressText(run.progress)
          : run.state === 'done'
            ? `Downloaded ${countText(run.rows)} ${run.rows === 1 ? 'record' : 'records'} as ${run.filename}.`
            : ''}
      </p>
      {run.state === 'failed' ? (
        <p class="nhsuk-error-message" data-testid="export-error">
          <span class="nhsuk-u-visually-hidden">Error:</span> {run.message}
        </p>
      ) : null}
    </section>
  );
}
