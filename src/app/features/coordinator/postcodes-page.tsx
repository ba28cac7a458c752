// The postcode lookup page: the latest import of the ONS postcode directory, and uploading a new one (upload
// progress, then the server's import progress polled every second until it is done or fails).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PostcodeImportStatus } from '../../../shared/console';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { describedBy, HintAndError } from '../../components/form-group';
import { InsetText } from '../../components/inset-text';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { formatBytes, formatDateTime } from '../../shell/format';
import {
  fetchLatestPostcodeImport,
  fetchPostcodeImport,
  type UploadProgress,
  uploadPostcodeDirectory,
} from '../../sync/console/postcodes';
import { ConsoleError } from '../../sync/console-client';
import { type FieldErrors, FORM_PROBLEM, problemText, summaryItems } from './admin/form-errors';
import { formatCount } from './admin/format';
import { LoadFailed, Loading } from './admin/load-state';
import { useLoaded } from './admin/use-loaded';

/** How often the page asks how the import is getting on. */
export const IMPORT_POLL_MS = 1000;

const FILE_FIELD = 'postcode-file';

type Phase =
  | { step: 'idle' }
  | {
      step: 'uploading';
      progress: UploadProgress;
      size: number;
      /** The import the server runs as the file streams in, when it has said (GET /postcode-imports/latest). */
      live: PostcodeImportStatus | null;
    }
  | { step: 'importing'; status: PostcodeImportStatus }
  | { step: 'done'; status: PostcodeImportStatus };

const STATE_TEXT: Record<PostcodeImportStatus['state'], string> = {
  running: 'Importing',
  done: 'Imported',
  failed: 'Failed',
};

function ImportSummary(props: { status: PostcodeImportStatus }) {
  const { status } = props;
  return (
    <SummaryList
      rows={[
        { key: 'State', value: STATE_TEXT[status.state] },
        { key: 'Started', value: formatDateTime(status.startedAt) },
        { key: 'Finished', value: status.finishedAt ? formatDateTime(status.finishedAt) : 'Not yet' },
        { key: 'Rows read', value: formatCount(status.rowsRead) },
        { key: 'Postcodes kept', value: formatCount(status.postcodesKept) },
        ...(status.error ? [{ key: 'What went wrong', value: status.error }] : []),
      ]}
    />
  );
}

const importingText = (status: PostcodeImportStatus) =>
  `Importing: ${formatCount(status.rowsRead)} rows read, ${formatCount(status.postcodesKept)} postcodes kept`;

function Progress(props: { phase: Phase }) {
  const { phase } = props;
  if (phase.step === 'uploading') {
    const total = phase.progress.total ?? phase.size;
    const percent = total > 0 ? Math.min(100, Math.round((phase.progress.sent / total) * 100)) : 0;
    const uploaded = phase.progress.sent >= total;
    return (
      <div class="nhsuk-u-margin-bottom-5">
        <p class="nhsuk-body nhsuk-u-margin-bottom-1" id="import-progress-text" data-testid="import-progress">
          {uploaded
            ? `Uploaded ${formatBytes(total)}: the central service is finishing the import.`
            : `Uploading: ${percent}% (${formatBytes(phase.progress.sent)} of ${formatBytes(total)})`}
        </p>
        <progress
          class="app-meter"
          max={Math.max(total, 1)}
          value={phase.progress.sent}
          aria-labelledby="import-progress-text"
        />
        {phase.live?.state === 'running' ? (
          <p class="nhsuk-body nhsuk-u-margin-top-2" data-testid="import-live">
            {importingText(phase.live)}
          </p>
        ) : null}
      </div>
    );
  }
  if (phase.step === 'importing') {
    return (
      <div class="nhsuk-u-margin-bottom-5">
        <p class="nhsuk-body nhsuk-u-margin-bottom-1" id="import-progress-text" data-testid="import-progress">
          {importingText(phase.status)}
        </p>
        {/* No maximum: the server does not know how many rows the file has until it has read them all. */}
        <progress class="app-meter" aria-labelledby="import-progress-text" />
      </div>
    );
  }
  return null;
}

export function PostcodesPage() {
  const [latest, reloadLatest] = useLoaded(fetchLatestPostcodeImport);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  /** False once the page is left: the poll stops. */
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const summary = summaryItems(errors, [FILE_FIELD]);
  const busy = phase.step === 'uploading' || phase.step === 'importing';

  async function follow(started: PostcodeImportStatus) {
    let status = started;
    while (status.state === 'running') {
      if (!mounted.current) return;
      setPhase({ step: 'importing', status });
      await new Promise((resolve) => setTimeout(resolve, IMPORT_POLL_MS));
      if (!mounted.current) return;
      status = await fetchPostcodeImport(status.id);
    }
    if (status.state === 'failed') {
      setErrors({ [FORM_PROBLEM]: `The import failed: ${status.error ?? 'the server gave no reason'}` });
      setPhase({ step: 'idle' });
    } else setPhase({ step: 'done', status });
    await reloadLatest();
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!file) return setErrors({ [FILE_FIELD]: 'Select the postcode directory CSV file' });
    if (!/\.csv$/i.test(file.name)) return setErrors({ [FILE_FIELD]: 'The selected file must be a CSV' });
    if (file.size === 0) return setErrors({ [FILE_FIELD]: 'The selected file is empty' });
    setErrors({});
    let progress: UploadProgress = { sent: 0, total: file.size };
    let live: PostcodeImportStatus | null = null;
    let uploading = true;
    const show = () => {
      if (mounted.current && uploading) setPhase({ step: 'uploading', progress, size: file.size, live });
    };
    show();
    // The server imports as the file streams in: while it uploads, ask how far the import has got.
    const watch = async () => {
      while (uploading && mounted.current) {
        await new Promise((resolve) => setTimeout(resolve, IMPORT_POLL_MS));
        if (!uploading) return;
        live = await fetchLatestPostcodeImport().catch(() => live);
        show();
      }
    };
    void watch();
    try {
      const started = await uploadPostcodeDirectory(file, (next) => {
        progress = next;
        show();
      }).finally(() => {
        uploading = false;
      });
      await follow(started);
    } catch (error) {
      if (!mounted.current) return;
      setPhase({ step: 'idle' });
      if (error instanceof ConsoleError && error.code === 'import-running') {
        setErrors({
          [FILE_FIELD]: 'An import is already running. Wait for it to finish, then upload the file again.',
        });
        void reloadLatest();
      } else if (error instanceof ConsoleError && error.status === 413) {
        setErrors({
          [FILE_FIELD]: `The selected file is too large for the central service: ${error.message}`,
        });
      } else if (error instanceof ConsoleError && error.status === 400) {
        setErrors({ [FILE_FIELD]: error.message });
      } else setErrors({ [FORM_PROBLEM]: problemText(error) });
    }
  }

  const fileError = errors[FILE_FIELD];
  const hint =
    'The National Statistics Postcode Lookup (NSPL) or the ONS Postcode Directory (ONSPD) CSV from the ONS Open Geography Portal, or its PCD_OA21_LSOA21_MSOA21_LAD best-fit lookup. Only live postcodes in the nine Mid and South Essex districts are kept.';
  return (
    <Page title="Postcode lookup" hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      {phase.step === 'done' ? (
        <NotificationBanner success title="Postcode directory imported">
          <p class="nhsuk-notification-banner__heading">
            {`${formatCount(phase.status.postcodesKept)} postcodes kept from ${formatCount(phase.status.rowsRead)} rows.`}
          </p>
          <p class="nhsuk-body">Tablets download the new lookup on their next sync.</p>
        </NotificationBanner>
      ) : null}
      <p class="nhsuk-body">
        Tablets look up a resident’s neighbourhood from their postcode. Until a postcode directory is
        imported, workers pick the neighbourhood from a list.
      </p>
      <h2 class="nhsuk-heading-m">Latest import</h2>
      {latest.state === 'loading' ? <Loading what="latest import" /> : null}
      {latest.state === 'failed' ? (
        <LoadFailed what="latest import" message={latest.message} onRetry={() => void reloadLatest()} />
      ) : null}
      {latest.state === 'ready' ? (
        latest.value ? (
          <ImportSummary status={latest.value} />
        ) : (
          <p class="nhsuk-body">No postcode directory has been imported yet.</p>
        )
      ) : null}
      <h2 class="nhsuk-heading-m">Import a postcode directory</h2>
      <div aria-live="polite">
        <Progress phase={phase} />
      </div>
      <form onSubmit={submit} noValidate>
        <div class={`nhsuk-form-group nhsuk-file-upload${fileError ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label" for={FILE_FIELD}>
            ONS postcode directory (CSV)
          </label>
          <HintAndError id={FILE_FIELD} hint={hint} error={fileError} />
          <input
            class={`nhsuk-file-upload__input${fileError ? ' nhsuk-file-upload__input--error' : ''}`}
            id={FILE_FIELD}
            name={FILE_FIELD}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={describedBy({ id: FILE_FIELD, hint, error: fileError })}
            disabled={busy}
            onChange={(event) => setFile((event.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <InsetText>
          Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS
          data © Crown copyright and database right. Contains Royal Mail data © Royal Mail copyright and
          database right.
        </InsetText>
        <Button type="submit" disabled={busy}>
          Upload and import
        </Button>
      </form>
    </Page>
  );
}
