// Real Chromium, offline: a sign-up and a grant application with two photos saved through the UI, then everything
// the origin keeps in the browser read directly (every IndexedDB database and store, Blobs included, localStorage,
// sessionStorage, Cache Storage): none of the typed names, date of birth, postcode, phone, email, sort code or
// account number is there in the clear, nor the photos' bytes. After a reload the lock screen shows nothing of the
// resident; unlocked, the list shows the sign-up by name.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForOfflineReady } from './support/browser';
import * as grant from './support/grant-form';
import { useAppInChromium } from './support/harness';
import { type MadeImage, makeImage } from './support/images';
import { deleteDatabase, type ScanNeedles, scanOriginStorage, storeInTheClear } from './support/storage-scan';
import { gotoAndUnlock, signInOnTablet } from './support/tablet-worker';

const app = useAppInChromium();

const RESIDENT = {
  firstName: 'Zephyrine',
  lastName: 'Quillfeather',
  street: '41 Marlowe Crescent',
  postcode: 'SS1 2AB',
  phone: '07700 900741',
  email: 'zephyrine.q@example.org',
};
const BANK = { sortCode: '40-47-84', accountNumber: '86419753' };

/** Every form of each value typed that would give it away. */
const TEXT_NEEDLES = [
  RESIDENT.firstName,
  RESIDENT.lastName,
  RESIDENT.street,
  '1986-12-09',
  '09/12/1986',
  '9/12/1986',
  '9 December 1986',
  RESIDENT.postcode,
  'SS12AB',
  RESIDENT.phone,
  '07700900741',
  '7700900741',
  RESIDENT.email,
  BANK.sortCode,
  '404784',
  BANK.accountNumber,
];

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

async function saveSignup(page: Page) {
  await page.getByRole('link', { name: 'Sign up a resident' }).click();
  await page.getByRole('button', { name: 'Start now' }).click();
  await heading(page, 'What is the resident’s name?');
  await page.getByLabel('First name').fill(RESIDENT.firstName);
  await page.getByLabel('Last name', { exact: true }).fill(RESIDENT.lastName);
  await grant.next(page);
  await heading(page, 'What is their date of birth?');
  await page.getByLabel('Day').fill('09');
  await page.getByLabel('Month').fill('12');
  await page.getByLabel('Year').fill('1986');
  await grant.next(page);
  await heading(page, 'What is their address?');
  await page.getByLabel('Building and street', { exact: true }).fill(RESIDENT.street);
  await page.getByLabel('Town or city').fill('Southend-on-Sea');
  await page.getByLabel('Postcode').fill(RESIDENT.postcode);
  await grant.next(page);
  await heading(page, 'How can the Trust contact them?');
  await page.getByLabel('Mobile number (optional)').fill(RESIDENT.phone);
  await page.getByLabel('Email address (optional)').fill(RESIDENT.email);
  await page.getByLabel('Email', { exact: true }).check();
  await grant.next(page);
  // Pages answered by ticking or choosing: their heading, then each option chosen.
  for (const [title, ...options] of [
    ['Their work at the moment', 'Unemployed and looking for work', 'More than 2 years'],
    ['Which jobs in health and care interest them?', 'Administration'],
    ['How many hours could they work?', 'Flexible or not sure yet'],
    ['Does anything make work harder for them?', 'None of these'],
    ['Which support would they like?', 'One-to-one support from the Trust'],
    ['How did they hear about the programme?', 'From the Jobcentre'],
    ['Would they like to answer questions about equality?', 'No'],
  ] as const) {
    await heading(page, title);
    if (title === 'How did they hear about the programme?')
      await page.getByLabel('Venue or event today').fill('Westcliff Library');
    for (const option of options) await page.getByLabel(option, { exact: true }).check();
    await grant.next(page);
  }
  await heading(page, 'Privacy and contact');
  await page.getByLabel(/has been read \(or read aloud\)/).check();
  await page.getByLabel('Emails').check();
  await page.locator('input[name="sharePartners"][value="no"]').check();
  await grant.next(page);
  await heading(page, 'Check the answers before sending');
  await page.getByRole('button', { name: 'Submit sign-up' }).click();
  await heading(page, 'Sign-up complete');
}

async function saveGrantApplication(page: Page, photos: MadeImage[]) {
  await page.getByRole('link', { name: 'Grant applications' }).first().click();
  await heading(page, 'Transcribe a paper micro-grant application');
  await page.getByRole('button', { name: 'Start now' }).click();
  await heading(page, 'How was the paper form received?');
  await page.getByLabel('By post').check();
  await grant.fillDate(page, 'Date received', '15', '11', '2022');
  await page.getByLabel('Your name').fill('Sam Worker');
  await grant.next(page);
  await heading(page, 'About the organisation');
  await grant.answerOrganisation(page, {
    name: 'Friends of Chalkwell Park',
    street: '2 Park Road',
    postcode: 'SS0 8AB',
    income: '9,000',
  });
  await grant.next(page);
  for (const [title, who, phone] of [
    ['Main contact', `${RESIDENT.firstName} ${RESIDENT.lastName}`, RESIDENT.phone],
    ['Second contact', 'Sam Patel', '01702 123456'],
  ] as const) {
    await heading(page, title);
    await page.getByLabel('Full name').fill(who);
    await page.getByLabel('Role in the organisation').fill('Trustee');
    await page.getByLabel('Phone number').fill(phone);
    await grant.next(page);
  }
  await heading(page, 'About the project');
  await grant.answerProject(page, 'Chalkwell lunch club');
  await grant.next(page);
  await heading(page, 'Money');
  await page.getByLabel('Amount requested').fill('500');
  await page.getByLabel('What line 1 pays for').fill('Hall hire');
  await page.getByLabel('Line 1 amount').fill('500');
  await grant.next(page);
  await heading(page, 'Safeguarding and insurance');
  await grant.answerSafeguarding(page);
  await grant.next(page);
  await heading(page, 'Bank details for payment');
  await page.getByLabel('Name on the account').fill('Friends of Chalkwell Park');
  await page.getByLabel('Sort code').fill(BANK.sortCode);
  await page.getByLabel('Account number', { exact: true }).fill(BANK.accountNumber);
  await page.getByLabel('Account number again').fill(BANK.accountNumber);
  await page.getByLabel('First signatory’s name').fill(`${RESIDENT.firstName} ${RESIDENT.lastName}`);
  await page.getByLabel('Second signatory’s name').fill('Sam Patel');
  await page.getByLabel('Yes').check();
  await grant.next(page);
  await heading(page, 'The declaration');
  await grant.answerDeclaration(page, `${RESIDENT.firstName} ${RESIDENT.lastName}`, 'Trustee');
  await grant.next(page);
  await heading(page, 'Photos of the paper form');
  await page.getByLabel('Choose photos from the tablet’s files').setInputFiles(photos);
  await page.getByText('2 photos added.').waitFor({ timeout: 60_000 });
  await page
    .getByRole('button', { name: 'Continue' })
    .or(page.getByRole('link', { name: 'Continue' }))
    .click();
  await heading(page, 'Check the application before submitting it');
  await page.getByRole('button', { name: 'Submit application' }).click();
  await page.getByRole('heading', { name: 'Application saved' }).waitFor();
}

/** 48-byte windows of a file: its start (after the 2-byte JPEG marker), middle and end. */
function windows(name: string, bytes: Buffer): Record<string, string> {
  const at = (offset: number) => bytes.subarray(offset, offset + 48).toString('base64');
  return {
    [`${name} (start)`]: at(2),
    [`${name} (middle)`]: at(Math.floor(bytes.length / 2)),
    [`${name} (end)`]: at(bytes.length - 100),
  };
}

describe('encryption at rest in Chromium', () => {
  it('stores a sign-up and a grant application with photos with none of what was typed, nor the photos, in the clear', {
    timeout: 120_000,
  }, async () => {
    const { page, context } = app.browser;
    await page.goto(app.server.url);
    await waitForOfflineReady(page);
    // Two photos with the resident's name and account number drawn on them.
    const photos: MadeImage[] = [];
    for (const [name, width, height, label] of [
      ['bank-letter.jpg', 1200, 1600, `${RESIDENT.firstName} ${RESIDENT.lastName}`],
      ['form-page.jpg', 1600, 1200, `Account ${BANK.accountNumber}`],
    ] as const)
      photos.push(await makeImage(page, { name, width, height, type: 'image/jpeg', label }));
    await signInOnTablet(page, app.server.url);
    // Offline from here, so both stay on the tablet.
    await context.setOffline(true);
    await saveSignup(page);
    await page.getByRole('link', { name: 'Home', exact: true }).first().click();
    await heading(page, 'Anchor Outreach');
    await saveGrantApplication(page, photos);

    // The photos as the app stored them (its processed JPEGs), from a backup: the backup holds them decrypted.
    await page.getByRole('link', { name: 'Backup', exact: true }).first().click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download a backup' }).click(),
    ]);
    const backup = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as {
      content: {
        records: { type: string; status: string }[];
        attachments: { name: string; sha256: string; data: string }[];
      };
    };
    expect(backup.content.records.map(({ type, status }) => `${type} ${status}`).sort()).toEqual([
      'grant-application ready',
      'signup ready',
    ]);
    const stored = backup.content.attachments.map((a) => ({ ...a, bytes: Buffer.from(a.data, 'base64') }));
    expect(stored).toHaveLength(2);
    // The backup's text holds the values typed: the needles are what the app really keeps.
    const backupText = JSON.stringify(backup.content.records);
    for (const needle of [RESIDENT.firstName, RESIDENT.lastName, RESIDENT.email, BANK.accountNumber])
      expect(backupText).toContain(needle);

    const needles: ScanNeedles = {
      text: TEXT_NEEDLES,
      bytes: Object.assign(
        {},
        ...photos.map((photo) => windows(`original ${photo.name}`, photo.buffer)),
        ...stored.map((photo) => windows(`stored ${photo.name}`, photo.bytes)),
      ),
    };
    const everyNeedle = [...needles.text, ...Object.keys(needles.bytes)].sort();

    // The scan can fail: each needle put in the clear in a scratch database is found there, and only there.
    await storeInTheClear(page, 'scan-sanity', needles);
    const sanity = await scanOriginStorage(page, needles);
    expect(Object.keys(sanity.found).sort()).toEqual(everyNeedle);
    for (const places of Object.values(sanity.found)) expect(places).toEqual(['scan-sanity/plain']);
    await deleteDatabase(page, 'scan-sanity');

    const scan = await scanOriginStorage(page, needles);
    // It read the app's records and photos, and the app shell's cache.
    expect(scan.stores['scan-sanity/plain']).toBeUndefined();
    expect(Object.keys(scan.stores)).toEqual(
      expect.arrayContaining(['anchor-outreach/signups', 'anchor-outreach/attachments']),
    );
    expect(scan.stores['anchor-outreach/attachments']).toBe(4);
    // The two photos' Blobs (beside them, each seal's IV).
    expect(
      scan.binaries.filter((b) => b.where === 'anchor-outreach/attachments' && b.bytes > 1024),
    ).toHaveLength(2);
    expect(scan.caches.length).toBeGreaterThan(0);
    // Nothing typed, and no photo's bytes, anywhere in the clear.
    expect(scan.found).toEqual({});
    // No stored Blob or buffer is a photo as added, nor as the app processed it.
    const photoHashes = new Set(stored.map((photo) => photo.sha256));
    expect(scan.binaries.filter((b) => photoHashes.has(b.sha256))).toEqual([]);

    // A reload starts locked, showing nothing of the resident; unlocked, the list shows the sign-up by name.
    await page.reload();
    await heading(page, 'This tablet is locked');
    const locked = (await page.locator('body').textContent()) ?? '';
    expect(locked).not.toContain(RESIDENT.firstName);
    expect(locked).not.toContain(RESIDENT.lastName);
    await gotoAndUnlock(page, `${app.server.url}/records?type=signup`);
    await page.getByText('Showing 1 to 1 of 1, most recently changed first.').waitFor();
    expect(await page.getByTestId('record-list').textContent()).toContain(
      `${RESIDENT.firstName} ${RESIDENT.lastName}`,
    );
  });
});
