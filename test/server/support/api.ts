// Calls the app in-process (app.request, no socket) and makes accounts and sign-ins for server tests.

import { buildApp } from '../../../src/server/app';
import { createAccount } from '../../../src/server/auth/accounts';
import { issueToken } from '../../../src/server/auth/tokens';
import type { Database } from '../../../src/server/db/connect';
import { type Logger, silentLogger } from '../../../src/server/http/logging';
import type { Role } from '../../../src/shared/api';
import { newId } from '../../../src/shared/ids';
import type { SignupAnswers } from '../../../src/shared/signup';
import { PROTOCOL_VERSION } from '../../../src/shared/sync-protocol';

export interface Call {
  method?: string;
  token?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are whatever the route returned.
export type Json = any;

export function testApi(db: Database, options: { distDir?: string; logger?: Logger } = {}) {
  const app = buildApp({ db, logger: silentLogger, ...options });
  async function call(path: string, init: Call = {}) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const response = await app.request(path, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
    });
    const text = await response.text();
    let json: Json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, headers: response.headers, json, text };
  }
  return { app, call };
}

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  token: string;
}

let userCounter = 0;

/** Creates an account and signs it in directly (no scrypt round trip per login in every test). */
export async function makeUser(
  db: Database,
  role: Role = 'worker',
  password = 'correct horse battery',
): Promise<TestUser> {
  userCounter += 1;
  const account = await createAccount(db, {
    username: `${role}${userCounter}-${process.pid}`,
    password,
    role,
  });
  const { token } = await issueToken(db, account.id);
  return { ...account, token };
}

/** A complete, valid sign-up payload (as the tablet sends it), with some answers replaced. */
export function signupPayload(answers: Partial<SignupAnswers> = {}) {
  const complete: SignupAnswers = {
    firstName: 'Ada',
    lastName: 'Lovelace',
    preferredName: '',
    dateOfBirth: '1990-12-10',
    addressLine1: '1 Marine Parade',
    addressLine2: '',
    town: 'Southend-on-Sea',
    postcode: 'SS1 1AA',
    mobile: '+447700900123',
    email: '',
    contactMethod: 'text',
    employmentStatus: 'unemployed',
    employmentDuration: '6-to-12-months',
    roles: ['healthcare-assistant'],
    rolesOther: '',
    hoursAvailable: '16-to-30',
    barriers: ['childcare'],
    adjustments: '',
    partnerSupport: ['abs-childcare'],
    heardAbout: 'outreach-event',
    heardAboutOther: '',
    venue: 'Kursaal community day',
    equalityOptIn: 'no',
    privacyNoticeAccepted: ['accepted'],
    privacyNoticeVersion: '2026-11',
    contactConsents: ['text'],
    sharePartners: 'yes',
  };
  return { answers: { ...complete, ...answers }, resumeAt: 'check-answers' };
}

export function change(overrides: Partial<Record<string, unknown>> = {}) {
  return {
    changeId: newId(),
    recordType: 'signup',
    recordId: newId(),
    baseVersion: 0,
    payload: signupPayload(),
    clientUpdatedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function grantChange(amountRequestedPence: number, overrides: Partial<Record<string, unknown>> = {}) {
  return change({ recordType: 'grant-application', payload: { amountRequestedPence }, ...overrides });
}

export const pushBody = (deviceId: string, changes: unknown[]) => ({
  protocolVersion: PROTOCOL_VERSION,
  deviceId,
  changes,
});

/** A finished resident eligibility check, as the tablet sends it once the rules have given their answer. */
export function checkPayload() {
  return {
    kind: 'resident',
    source: null,
    answers: { postcode: 'SS1 9ZA', dateOfBirth: '1990-12-10', employmentStatus: 'unemployed' },
    result: {
      outcome: 'needs-review',
      reasons: [
        { rule: 'right-to-work', code: 'right-to-work-missing', status: 'unknown', text: 'Not asked.' },
      ],
      programmeId: 'southend-2050-ambition',
      programmeVersion: 1,
      dataVersions: { imd: 'imd2025-test', postcodes: null },
      checkedOn: '2026-11-23',
    },
    override: null,
    resumeAt: 'result',
  };
}
