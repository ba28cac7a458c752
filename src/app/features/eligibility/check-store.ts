// Eligibility-check records on the tablet: start one (on its own or from a sign-up's answers), save each page,
// finish it with the rules' result (one transaction), and record a worker's override beside that result.

import type { EligibilityCheckPayload } from '../../../shared/eligibility/check-record';
import { checkGrantEligibility } from '../../../shared/eligibility/grant';
import { checkResidentEligibility } from '../../../shared/eligibility/resident';
import type { Override } from '../../../shared/eligibility/types';
import type { SignupPayload } from '../../../shared/signup';
import { todayIso } from '../../../shared/validation/uk';
import { useLiveQuery } from '../../db/live-query';
import {
  createRecord,
  getRecord,
  type LocalRecord,
  listRecords,
  submitRecord,
  updateRecord,
} from '../../db/records';
import { withoutTyping } from '../forms/draft-typing';
import type { EligibilityData } from './eligibility-data';

export type CheckRecord = LocalRecord<EligibilityCheckPayload>;
export type ResidentCheck = Extract<EligibilityCheckPayload, { kind: 'resident' }>;
export type OrganisationCheck = Extract<EligibilityCheckPayload, { kind: 'organisation' }>;

export const useCheck = (id: string) =>
  useLiveQuery(() => getRecord<EligibilityCheckPayload>('eligibility-check', id), [id]);

/**
 * Starts a resident check as a draft on the tablet, reusing a sign-up's date of birth, postcode and employment
 * status when started from one. Works offline. Fails with StoreError (full tablet, private mode).
 */
export async function startResidentCheck(signup?: LocalRecord<SignupPayload>): Promise<CheckRecord> {
  const answers = signup?.payload.answers ?? {};
  return createRecord<EligibilityCheckPayload>('eligibility-check', {
    kind: 'resident',
    source: signup ? { type: 'signup', id: signup.id } : null,
    answers: {
      ...(answers.dateOfBirth ? { dateOfBirth: answers.dateOfBirth } : {}),
      ...(answers.postcode ? { postcode: answers.postcode } : {}),
      ...(answers.employmentStatus ? { employmentStatus: answers.employmentStatus } : {}),
    },
    result: null,
    override: null,
    resumeAt: 'home',
  });
}

/** Starts an organisation check, prefilled from a grant application's answers when started from one. */
export async function startOrganisationCheck(from?: {
  id: string;
  answers: OrganisationCheck['answers'];
}): Promise<CheckRecord> {
  return createRecord<EligibilityCheckPayload>('eligibility-check', {
    kind: 'organisation',
    source: from ? { type: 'grant-application', id: from.id } : null,
    answers: from?.answers ?? {},
    result: null,
    override: null,
    resumeAt: 'organisation',
  });
}

/**
 * The organisation check most recently started from a grant application (undefined: none on this tablet). Checks
 * are read newest change first, a page at a time, and only as far back as the application's own creation: a check
 * started from it was created, and so last changed, after it.
 */
export async function latestOrganisationCheckFor(grant: {
  id: string;
  createdAt: string;
}): Promise<CheckRecord | undefined> {
  const limit = 100;
  let latest: CheckRecord | undefined;
  for (let offset = 0; ; offset += limit) {
    const { records } = await listRecords<EligibilityCheckPayload>({
      type: 'eligibility-check',
      offset,
      limit,
    });
    for (const check of records) {
      // A purged check holds only the server's receipt, not its answers or result.
      if (check.status === 'purged' || check.payload?.kind !== 'organisation') continue;
      if (check.payload.source?.id !== grant.id) continue;
      if (!latest || check.createdAt > latest.createdAt) latest = check;
    }
    const last = records.at(-1);
    if (records.length < limit || !last || last.updatedAt < grant.createdAt) return latest;
  }
}

/** Saves a page's answers into the draft, merged into its latest saved version. Offline: the normal case. */
export async function saveCheckAnswers(
  id: string,
  answers: Record<string, unknown>,
  resumeAt: string,
): Promise<CheckRecord> {
  return updateRecord<EligibilityCheckPayload>(
    'eligibility-check',
    id,
    (payload) =>
      ({
        ...payload,
        answers: { ...payload.answers, ...answers },
        resumeAt,
      }) as EligibilityCheckPayload,
  );
}

/** Applies the rules to the saved answers with the settings and data on this tablet today. */
export function computeResult(payload: EligibilityCheckPayload, data: EligibilityData, today = todayIso()) {
  return payload.kind === 'resident'
    ? checkResidentEligibility(payload.answers, data.programmes.resident, data, today)
    : checkGrantEligibility(payload.answers, data.programmes.grant, data.funds, today);
}

/**
 * Finishes a check: stores the rules' result (with the programme and data versions it used), where to resume, the
 * status and the outbox change in one transaction, so a crash leaves a draft without a result or a queued check.
 * Offline it waits in the outbox; a push in flight carrying its previous change does not stop it.
 */
export async function finishCheck(id: string, data: EligibilityData): Promise<CheckRecord> {
  return submitRecord<EligibilityCheckPayload>('eligibility-check', id, (payload) => ({
    // Typing left on a page the worker went Back from is not part of the check.
    ...withoutTyping(payload),
    result: computeResult(payload, data),
    resumeAt: 'result',
  }));
}

/**
 * Queues a check that an older version of the app left finished but not queued (a draft holding its result, from
 * a crash between its two writes), with the result it holds. One transaction; offline it waits in the outbox.
 */
export async function queueFinishedCheck(id: string): Promise<CheckRecord> {
  return submitRecord<EligibilityCheckPayload>('eligibility-check', id);
}

/**
 * Keeps a worker's override beside the computed result (which stays as it was). The record is sent again with
 * it; offline it waits in the outbox. Taken while a push carrying the check's previous change is in flight.
 */
export async function saveOverride(id: string, override: Override): Promise<CheckRecord> {
  return updateRecord<EligibilityCheckPayload>('eligibility-check', id, (payload) => ({
    ...payload,
    override,
  }));
}
