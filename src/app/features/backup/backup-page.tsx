// "Download a backup" and "Restore from a backup": the way out when sync is impossible for days.
import { useState } from 'preact/hooks';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { WarningCallout } from '../../components/warning-callout';
import { BackupError, exportBackup, type ImportSummary, importBackup } from '../../db/backup';
import { readMeta } from '../../db/device';
import { toStoreError } from '../../db/errors';
import { useLiveQuery } from '../../db/live-query';
import { formatDateTime } from '../../shell/format';
import { saveFile } from './save-file';

const FILE_FIELD = 'backup-file';

type Outcome =
  | { kind: 'none' }
  | { kind: 'exported'; records: number; attachments: number; fileName: string }
  | { kind: 'imported'; summary: ImportSummary }
  | { kind: 'export-failed'; message: string }
  | { kind: 'import-failed'; message: string };

const messageOf = (error: unknown) =>
  error instanceof BackupError ? error.message : toStoreError(error).message;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const count = (n: number) => n.toLocaleString('en-GB');

/** What the restore is doing, for the live region: sealing the file's records, then writing them in one go. */
export function restoreProgressText(progress: { done: number; total: number } | null): string {
  if (!progress) return '';
  const { done, total } = progress;
  const records = total === 1 ? 'record' : 'records';
  if (done < total) return `Restoring ${count(done)} of ${count(total)} ${records}`;
  return `Saving ${count(total)} ${records} on this tablet`;
}

export function BackupPage() {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const lastBackup = useLiveQuery(() => readMeta<{ at: string; records: number }>('lastBackup'), []);

  async function download() {
    setBusy(true);
    try {
      const backup = await exportBackup();
      saveFile(backup.blob, backup.fileName);
      setOutcome({
        kind: 'exported',
        records: backup.recordCount,
        attachments: backup.attachmentCount,
        fileName: backup.fileName,
      });
    } catch (error) {
      setOutcome({ kind: 'export-failed', message: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  async function restore(event: Event) {
    event.preventDefault();
    if (!file) {
      setFileError('Select a backup file');
      return;
    }
    setBusy(true);
    try {
      const summary = await importBackup(file, { onProgress: (done, total) => setProgress({ done, total }) });
      setFileError(undefined);
      setOutcome({ kind: 'imported', summary });
    } catch (error) {
      setFileError(messageOf(error));
      setOutcome({ kind: 'import-failed', message: messageOf(error) });
    } finally {
      setProgress(null);
      setBusy(false);
    }
  }

  return (
    <Page title="Back up or restore this tablet">
      {outcome.kind === 'export-failed' ? <ErrorSummary errors={[{ text: outcome.message }]} /> : null}
      {outcome.kind === 'import-failed' ? (
        <ErrorSummary errors={[{ fieldId: FILE_FIELD, text: outcome.message }]} />
      ) : null}
      {outcome.kind === 'exported' ? (
        <NotificationBanner success title="Backup made">
          <p class="nhsuk-body">
            {plural(outcome.records, 'record', 'records')} and{' '}
            {plural(outcome.attachments, 'photo', 'photos')} were saved to {outcome.fileName}.
          </p>
        </NotificationBanner>
      ) : null}
      {outcome.kind === 'imported' ? (
        <NotificationBanner success title="Backup restored">
          <p class="nhsuk-body" data-testid="import-summary">
            {plural(outcome.summary.imported, 'record was', 'records were')} added to this tablet
            {outcome.summary.alreadyHere
              ? `; ${plural(outcome.summary.alreadyHere, 'record was', 'records were')} already here and kept as they were`
              : ''}
            .
          </p>
        </NotificationBanner>
      ) : null}

      <h2 class="nhsuk-heading-m">Download a backup</h2>
      <p class="nhsuk-body">
        If records cannot be sent for days, download a backup: one file with every record and photo on this
        tablet. It can be restored on this tablet or another one.
      </p>
      <WarningCallout heading="The backup holds residents’ personal details">
        <p>Save it only on a Trust device. Delete it once its records have reached the central team.</p>
      </WarningCallout>
      {lastBackup.state === 'ready' && lastBackup.value ? (
        <p class="nhsuk-body">Last backup: {formatDateTime(lastBackup.value.at)}.</p>
      ) : null}
      <Button onClick={download} disabled={busy}>
        Download a backup
      </Button>

      <h2 class="nhsuk-heading-m">Restore from a backup</h2>
      <form onSubmit={restore} noValidate>
        <div class={`nhsuk-form-group${fileError ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label" for={FILE_FIELD}>
            Backup file
          </label>
          <div class="nhsuk-hint" id={`${FILE_FIELD}-hint`}>
            A file made with “Download a backup”, ending in .json. Records already on this tablet are kept.
          </div>
          {fileError ? (
            <span class="nhsuk-error-message" id={`${FILE_FIELD}-error`}>
              <span class="nhsuk-u-visually-hidden">Error:</span> {fileError}
            </span>
          ) : null}
          <input
            class="nhsuk-input"
            type="file"
            id={FILE_FIELD}
            name={FILE_FIELD}
            accept=".json,application/json"
            aria-describedby={`${FILE_FIELD}-hint${fileError ? ` ${FILE_FIELD}-error` : ''}`}
            onChange={(event) => setFile((event.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={busy}>
          Restore backup
        </Button>
        {/* Always there (empty when idle), so screen readers announce each step of a long restore. */}
        <p class="nhsuk-body" role="status" aria-live="polite" data-testid="restore-progress">
          {restoreProgressText(progress)}
        </p>
      </form>
    </Page>
  );
}
