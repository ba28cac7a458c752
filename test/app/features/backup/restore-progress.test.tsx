// The backup screen's restore progress: said in a polite live region while the file's records are sealed and
// written, then replaced by the summary.
import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../../src/app/db/backup';
import { countRecords, createRecord } from '../../../../src/app/db/records';
import { BackupPage, restoreProgressText } from '../../../../src/app/features/backup/backup-page';
import { freshDatabase } from '../../db/fresh-database';

/** More than one slice of records (RESTORE_SLICE), so progress is reported part-way. */
const RECORDS = 1_200;

beforeEach(() => {
  freshDatabase();
});

describe('restore progress', () => {
  it('says how many records are restored of how many, in NHS.UK style with thousands separated', () => {
    expect(restoreProgressText(null)).toBe('');
    expect(restoreProgressText({ done: 4_000, total: 10_000 })).toBe('Restoring 4,000 of 10,000 records');
    expect(restoreProgressText({ done: 10_000, total: 10_000 })).toBe('Saving 10,000 records on this tablet');
    expect(restoreProgressText({ done: 0, total: 1 })).toBe('Restoring 0 of 1 record');
  });

  it('announces each step of a long restore in a live region, then shows the summary', async () => {
    for (let index = 0; index < RECORDS; index++) await createRecord('signup', { firstName: `R${index}` });
    const backup = await exportBackup();
    freshDatabase();
    render(<BackupPage />);
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('');
    const said: string[] = [];
    const observer = new MutationObserver(() => said.push(status.textContent ?? ''));
    observer.observe(status, { childList: true, characterData: true, subtree: true });

    const input = screen.getByLabelText('Backup file') as HTMLInputElement;
    Object.defineProperty(input, 'files', {
      value: [new File([backup.blob], backup.fileName, { type: 'application/json' })],
      configurable: true,
    });
    fireEvent.change(input);
    fireEvent.click(screen.getByText('Restore backup'));
    const summary = await screen.findByTestId('import-summary', {}, { timeout: 60_000 });
    observer.disconnect();

    expect(summary.textContent).toContain('1200 records were added to this tablet');
    expect(said).toContain('Restoring 500 of 1,200 records');
    expect(said).toContain('Saving 1,200 records on this tablet');
    // Done: the region is empty again, with nothing left to announce.
    expect(status.textContent).toBe('');
    expect((await countRecords()).signup.draft).toBe(RECORDS);
  }, 120_000);
});
