// The CSV export of a filtered set (GET /records/export.csv): one file per record type, RFC 4180 with a UTF-8 BOM,
// written by csv-stringify as the rows stream from the database a page at a time. Columns: docs/export-columns.md.
// Bank account numbers and sort codes are never exported.
import { stringify } from 'csv-stringify';
import type { RecordQuery } from '../../shared/console';
import {
  ORGANISATION_TYPES,
  RIGHT_TO_WORK_ANSWERS,
  RIGHT_TO_WORK_EVIDENCE,
} from '../../shared/eligibility/answers';
import { CHECK_KIND_LABELS, type CheckKind } from '../../shared/eligibility/check-record';
import { OUTCOME_LABELS, type Outcome } from '../../shared/eligibility/types';
import {
  AREAS_SERVED,
  DBS_ANSWERS,
  GOVERNING_DOCUMENTS,
  GRANT_ORGANISATION_TYPES,
  HEALTH_INEQUALITIES,
  RECEIVED_BY,
} from '../../shared/grant/application';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../shared/programmes';
import type { RecordType } from '../../shared/records';
import { recordReference } from '../../shared/reference';
import { reviewStateText } from '../../shared/review';
import {
  BARRIERS,
  CONTACT_CONSENTS,
  CONTACT_METHODS,
  EMPLOYMENT_DURATIONS,
  EMPLOYMENT_STATUSES,
  ETHNICITIES,
  HEARD_ABOUT,
  HOURS,
  type Option,
  OVERLAPPING_HOURS,
  PARTNER_SUPPORT,
  ROLES,
  YES_NO,
  YES_NO_PREFER_NOT,
} from '../../shared/signup';
import { todayIso, ukPhoneForDisplay } from '../../shared/validation/uk';
import type { Database } from '../db/connect';
import { recordFilter } from './record-filter';
import { countRecords, type ExportRow, exportRows, reviewStateOf } from './record-list';

/** Rows read per database query: memory holds one page (and csv-stringify's buffer) whatever the set's size. */
export const EXPORT_PAGE_SIZE = 1000;

/** The file name's word for each type: anchor-signups-2026-12-06.csv. */
export const EXPORT_FILE_WORDS: Record<RecordType, string> = {
  signup: 'signups',
  'eligibility-check': 'eligibility-checks',
  'grant-application': 'grant-applications',
};

/** Several answers in one cell. */
const LIST_SEPARATOR = '; ';

type Cell = string | number | null;
interface Column {
  header: string;
  value: (row: ExportRow, answers: Record<string, unknown>) => Cell;
}

const str = (value: unknown): Cell => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): Cell => (typeof value === 'number' ? value : null);
const label = (options: readonly Option[], value: unknown): Cell =>
  typeof value === 'string' && value !== ''
    ? (options.find((option) => option.value === value)?.label ?? value)
    : null;
const labels = (options: readonly Option[], value: unknown): Cell =>
  Array.isArray(value) && value.length > 0
    ? value.map((chosen) => label(options, chosen) ?? '').join(LIST_SEPARATOR)
    : null;
/** Pounds with two decimals and no symbol, so a spreadsheet reads a number ("1500.00"). */
const pounds = (pence: unknown): Cell => (typeof pence === 'number' ? (pence / 100).toFixed(2) : null);
const districtName = (code: string | null): Cell =>
  code ? (MID_AND_SOUTH_ESSEX_DISTRICTS[code as keyof typeof MID_AND_SOUTH_ESSEX_DISTRICTS] ?? code) : null;
const outcomeText = (outcome: unknown): Cell =>
  typeof outcome === 'string' ? (OUTCOME_LABELS[outcome as Outcome] ?? outcome) : null;
const answer =
  (name: string, read: (value: unknown) => Cell = str): Column['value'] =>
  (_row, answers) =>
    read(answers[name]);
const col = (header: string, value: Column['value']): Column => ({ header, value });

/** The columns every file starts with. */
const COMMON: Column[] = [
  col('Reference', (row) => recordReference(row.id)),
  col('Record id', (row) => row.id),
  col('Made on tablet', (row) => (row.createdAt ? row.createdAt.toISOString() : null)),
  col('Received', (row) => row.receivedAt.toISOString()),
  col('Worker', (row) => row.workerName),
];

const PLACE: Column[] = [
  col('District code', (row) => row.districtCode),
  col('District', (row) => districtName(row.districtCode)),
  col('IMD decile', (row) => row.imdDecile),
];

const REVIEW: Column[] = [
  col('Review state', (row) => {
    const state = reviewStateOf(row.type, row.reviewState);
    return state ? reviewStateText(state) : null;
  }),
  col('Review note', (row) => row.reviewNote),
  col('Reviewed at', (row) => (row.reviewedAt ? row.reviewedAt.toISOString() : null)),
  col('Eligibility (latest check)', (row) => outcomeText(row.eligibility)),
];

const SIGNUP: Column[] = [
  ...COMMON,
  ...REVIEW,
  ...PLACE,
  col('First name', answer('firstName')),
  col('Last name', answer('lastName')),
  col('Preferred name', answer('preferredName')),
  col('Date of birth', answer('dateOfBirth')),
  col('Building and street', answer('addressLine1')),
  col('Building and street line 2', answer('addressLine2')),
  col('Town or city', answer('town')),
  col('Postcode', answer('postcode')),
  col(
    'Mobile',
    answer('mobile', (v) => (typeof v === 'string' && v ? ukPhoneForDisplay(v) : null)),
  ),
  col('Email', answer('email')),
  col(
    'Contact method',
    answer('contactMethod', (v) => label(CONTACT_METHODS, v)),
  ),
  col(
    'Employment status',
    answer('employmentStatus', (v) => label(EMPLOYMENT_STATUSES, v)),
  ),
  col(
    'How long',
    answer('employmentDuration', (v) => label(EMPLOYMENT_DURATIONS, v)),
  ),
  col(
    'Roles interested in',
    answer('roles', (v) => labels(ROLES, v)),
  ),
  col('Other role', answer('rolesOther')),
  col(
    'Hours available',
    answer('hoursAvailable', (v) => label([...HOURS, ...OVERLAPPING_HOURS], v)),
  ),
  col(
    'Barriers',
    answer('barriers', (v) => labels(BARRIERS, v)),
  ),
  col('Adjustments', answer('adjustments')),
  col(
    'Partner support',
    answer('partnerSupport', (v) => labels(PARTNER_SUPPORT, v)),
  ),
  col(
    'Heard about',
    answer('heardAbout', (v) => label(HEARD_ABOUT, v)),
  ),
  col('Heard about (other)', answer('heardAboutOther')),
  col('Venue or event', answer('venue')),
  col(
    'Equality questions answered',
    answer('equalityOptIn', (v) => label(YES_NO, v)),
  ),
  col(
    'Ethnic group',
    answer('ethnicity', (v) => label(ETHNICITIES, v)),
  ),
  col(
    'Disability',
    answer('disability', (v) => label(YES_NO_PREFER_NOT, v)),
  ),
  col(
    'Carer',
    answer('carer', (v) => label(YES_NO_PREFER_NOT, v)),
  ),
  col('Privacy notice version', answer('privacyNoticeVersion')),
  col(
    'Agrees to be contacted by',
    answer('contactConsents', (v) => labels(CONTACT_CONSENTS, v)),
  ),
  col(
    'Share with partners',
    answer('sharePartners', (v) => label(YES_NO, v)),
  ),
];

type CheckPayload = {
  kind?: CheckKind;
  source?: { type: string; id: string } | null;
  result?: {
    outcome?: string;
    programmeId?: string;
    programmeVersion?: number;
    checkedOn?: string;
    reasons?: { code?: string }[];
  } | null;
  override?: { outcome?: string; reason?: string; by?: string; at?: string } | null;
};
const check = (row: ExportRow) => (row.payload ?? {}) as CheckPayload;

const CHECK: Column[] = [
  ...COMMON,
  ...PLACE,
  col('Kind', (row) => {
    const kind = check(row).kind;
    return kind ? (CHECK_KIND_LABELS[kind] ?? kind) : null;
  }),
  col('Started from', (row) => check(row).source?.type ?? null),
  col('Started from reference', (row) => {
    const source = check(row).source;
    return source ? recordReference(source.id) : null;
  }),
  col('Outcome', (row) => outcomeText(row.eligibility)),
  col('Computed outcome', (row) => outcomeText(check(row).result?.outcome)),
  col('Override outcome', (row) => outcomeText(check(row).override?.outcome)),
  col('Override reason', (row) => str(check(row).override?.reason)),
  col('Override by', (row) => str(check(row).override?.by)),
  col('Findings', (row) => {
    const codes = (check(row).result?.reasons ?? []).map((reason) => reason.code).filter(Boolean);
    return codes.length ? codes.join(LIST_SEPARATOR) : null;
  }),
  col('Programme', (row) => str(check(row).result?.programmeId)),
  col('Programme version', (row) => num(check(row).result?.programmeVersion)),
  col('Checked on', (row) => str(check(row).result?.checkedOn)),
  col('Organisation name', answer('organisationName')),
  col('Postcode', answer('postcode')),
  col('Picked neighbourhood (LSOA)', answer('pickedAreaCode')),
  col('Date of birth', answer('dateOfBirth')),
  col(
    'Employment status',
    answer('employmentStatus', (v) => label(EMPLOYMENT_STATUSES, v)),
  ),
  col(
    'Right to work',
    answer('rightToWork', (v) => label(RIGHT_TO_WORK_ANSWERS, v)),
  ),
  col(
    'Right to work evidence',
    answer('rightToWorkEvidence', (v) => label(RIGHT_TO_WORK_EVIDENCE, v)),
  ),
  col('Right to work seen on', answer('rightToWorkSeenOn')),
  col(
    'Organisation type',
    answer('organisationType', (v) => label(ORGANISATION_TYPES, v)),
  ),
  col('Annual income (£)', answer('annualIncomePence', pounds)),
  col(
    'Areas served',
    answer('areasServed', (v) => labels(AREAS_SERVED, v)),
  ),
  col('Amount requested (£)', answer('amountRequestedPence', pounds)),
  col('Spend from', answer('spendFrom')),
  col('Spend to', answer('spendTo')),
  col('Form received on', answer('receivedOn')),
];

type GrantPayload = {
  amountRequestedPence?: number;
  budget?: { item: string; amountPence: number }[];
  needsReview?: { flagged: boolean; note: string };
  attachments?: unknown[];
};
const grant = (row: ExportRow) => (row.payload ?? {}) as GrantPayload;

const GRANT: Column[] = [
  ...COMMON,
  ...REVIEW,
  ...PLACE,
  col('Round', (row) => row.roundId),
  col('Amount requested (£)', (row) => pounds(grant(row).amountRequestedPence)),
  col('Budget', (row) => {
    const lines = grant(row).budget ?? [];
    return lines.length
      ? lines.map((line) => `${line.item}: ${pounds(line.amountPence)}`).join(LIST_SEPARATOR)
      : null;
  }),
  col('Other funding', answer('otherFunding')),
  col('Needs review', (row) => (grant(row).needsReview?.flagged ? 'Yes' : 'No')),
  col('Needs review note', (row) => str(grant(row).needsReview?.note)),
  col('Photos', (row) => grant(row).attachments?.length ?? 0),
  col(
    'How received',
    answer('receivedBy', (v) => label(RECEIVED_BY, v)),
  ),
  col('Date received', answer('receivedOn')),
  col('Transcribed by', answer('transcribedBy')),
  col('Organisation name', answer('organisationName')),
  col(
    'Type of organisation',
    answer('organisationType', (v) => label(GRANT_ORGANISATION_TYPES, v)),
  ),
  col('Charity number', answer('charityNumber')),
  col('Company or society number', answer('companyNumber')),
  col('Building and street', answer('addressLine1')),
  col('Building and street line 2', answer('addressLine2')),
  col('Town or city', answer('town')),
  col('Postcode', answer('postcode')),
  col(
    'Areas it works in',
    answer('areasServed', (v) => labels(AREAS_SERVED, v)),
  ),
  col('Annual income (£)', answer('annualIncomePence', pounds)),
  col(
    'Governing document',
    answer('governingDocument', (v) => label(GOVERNING_DOCUMENTS, v)),
  ),
  ...(['main', 'second'] as const).flatMap((who) => {
    const title = who === 'main' ? 'Main contact' : 'Second contact';
    return [
      col(`${title} name`, answer(`${who}ContactName`)),
      col(`${title} role`, answer(`${who}ContactRole`)),
      col(`${title} phone`, answer(`${who}ContactPhone`)),
      col(`${title} email`, answer(`${who}ContactEmail`)),
    ];
  }),
  col('Project title', answer('projectTitle')),
  col('What the project will do', answer('projectDescription')),
  col(
    'Health inequality',
    answer('inequality', (v) => label(HEALTH_INEQUALITIES, v)),
  ),
  col('How it addresses it', answer('inequalityDetail')),
  col('Who will benefit', answer('beneficiaries')),
  col('How many will benefit', answer('beneficiaryCount', num)),
  col('Start date', answer('projectStart')),
  col('End date', answer('projectEnd')),
  col('Expected outcomes', answer('outcomes')),
  col('How they will measure them', answer('measurement')),
  col(
    'Safeguarding policy',
    answer('safeguardingPolicy', (v) => label(YES_NO, v)),
  ),
  col(
    'Public liability insurance',
    answer('publicLiability', (v) => label(YES_NO, v)),
  ),
  col(
    'DBS checks',
    answer('dbsChecks', (v) => label(DBS_ANSWERS, v)),
  ),
  // Bank details: the name on the account and the signatories only. Sort codes and account numbers never leave
  // the server in a file (a coordinator reveals them on the record page, audited).
  col('Name on the account', answer('accountName')),
  col('First signatory', answer('signatory1Name')),
  col('Second signatory', answer('signatory2Name')),
  col(
    'Signatories unrelated',
    answer('signatoriesUnrelated', (v) => label(YES_NO, v)),
  ),
  col('Declaration signed by', answer('declarationName')),
  col('Their position', answer('declarationPosition')),
  col('Declaration date', answer('declarationDate')),
  col(
    'Signed on paper',
    answer('signedOnPaper', (v) => label(YES_NO, v)),
  ),
];

export const EXPORT_COLUMNS: Record<RecordType, readonly Column[]> = {
  signup: SIGNUP,
  'eligibility-check': CHECK,
  'grant-application': GRANT,
};

const answersOf = (payload: unknown): Record<string, unknown> => {
  const answers = (payload as { answers?: unknown } | null)?.answers;
  return answers && typeof answers === 'object' ? (answers as Record<string, unknown>) : {};
};

export interface CsvExport {
  fileName: string;
  total: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * The export of the filtered set of one type: the exact count (read first, for the progress header; records that
 * arrive while the file streams may make the file a row or two longer) and the file as a stream.
 */
export async function exportCsv(
  db: Database,
  query: RecordQuery & { type: RecordType },
  today = todayIso(),
): Promise<CsvExport> {
  const filter = recordFilter(query);
  const total = await countRecords(db, filter);
  const columns = EXPORT_COLUMNS[query.type];
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: columns.map((column) => column.header),
    record_delimiter: 'windows',
    // A cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so a spreadsheet shows
    // it as text instead of running it as a formula (numbers such as -5 are left alone).
    escape_formulas: true,
  });
  // One page of rows becomes one chunk of the response: csv-stringify's output for the page is collected as it
  // is written, and the next page is read only when the response asks for more (pull), so memory holds one page.
  const collected: Buffer[] = [];
  stringifier.on('data', (chunk: Buffer) => collected.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stringifier.once('end', resolve);
    stringifier.once('error', reject);
  });
  const take = () => {
    const chunk = Buffer.concat(collected);
    collected.length = 0;
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  };
  const pages = exportRows(db, filter, EXPORT_PAGE_SIZE);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        stringifier.end();
        await ended;
        if (collected.length) controller.enqueue(take());
        controller.close();
        return;
      }
      for (const row of next.value) {
        const answers = answersOf(row.payload);
        stringifier.write(columns.map((column) => column.value(row, answers)));
      }
      // csv-stringify emits what it wrote on the next turn of the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve));
      controller.enqueue(take());
    },
    async cancel() {
      await pages.return(undefined);
      stringifier.destroy();
    },
  });
  return {
    fileName: `anchor-${EXPORT_FILE_WORDS[query.type]}-${today}.csv`,
    total,
    body,
  };
}
