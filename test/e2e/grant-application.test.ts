// Real Chromium, offline: a paper micro-grant application transcribed page by page with three photos (real JPEG
// and PNG files made by the test, chosen with the keyboard through the "Choose from files" button), a damaged file
// refused, pages reordered, a reload (unlocked with the passcode, offline), and everything still there in order,
// the stored images within the size limit and sealed; axe-core on every page, empty and with errors.
import type { FileChooser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../../src/shared/api';
import { accessibilityViolations, smallTargets } from './support/axe';
import { waitForOfflineReady } from './support/browser';
import {
  answerDeclaration,
  answerOrganisation,
  answerProject,
  answerSafeguarding,
  fillDate,
  next,
} from './support/grant-form';
import { useAppInChromium } from './support/harness';
import { makeImage } from './support/images';
import { storedPhotos } from './support/stored-photos';
import { gotoAndUnlock, reloadAndUnlock, signInOnTablet } from './support/tablet-worker';

const app = useAppInChromium();

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

async function audit(page: Page, title: string, found: Record<string, unknown>, withErrors = true) {
  found[title] = await accessibilityViolations(page);
  found[`${title} (targets under 24px)`] = await smallTargets(page);
  if (!withErrors) return;
  await next(page);
  await page.getByRole('alert').waitFor();
  found[`${title} (errors)`] = await accessibilityViolations(page);
  found[`${title} (errors, targets under 24px)`] = await smallTargets(page);
}

/** What sealing adds to a photo's bytes: the IV stored before the ciphertext, and AES-GCM's tag after it. */
const SEALED_OVERHEAD_BYTES = 12 + 16;

const photoNames = (page: Page) => page.getByTestId('photo-details').allTextContents();

describe('a paper grant application in Chromium, offline', () => {
  it('is transcribed with three photos, survives a reload in order, and every page passes axe', {
    timeout: 180_000,
  }, async () => {
    const { page, context } = app.browser;
    await page.goto(app.server.url);
    await waitForOfflineReady(page);
    // The test's own image files, made before going offline.
    const images = [
      await makeImage(page, {
        name: 'form-page-1.jpg',
        width: 4000,
        height: 3000,
        type: 'image/jpeg',
        label: 'Page one',
      }),
      await makeImage(page, {
        name: 'form-page-2.png',
        width: 1200,
        height: 1600,
        type: 'image/png',
        label: 'Page two',
      }),
      await makeImage(page, {
        name: 'form-page-3.jpg',
        width: 3000,
        height: 4000,
        type: 'image/jpeg',
        label: 'Page three',
      }),
    ];
    // Signed in (online, once), then offline: every new page starts locked and is unlocked with the passcode.
    await signInOnTablet(page, app.server.url);
    await context.setOffline(true);
    const found: Record<string, unknown> = {};
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));

    await gotoAndUnlock(page, `${app.server.url}/grants`);
    await heading(page, 'Transcribe a paper micro-grant application');
    await audit(page, 'start', found, false);
    await page.getByRole('button', { name: 'Start now' }).click();

    await heading(page, 'How was the paper form received?');
    await audit(page, 'received', found);
    await page.getByLabel('By post').check();
    await fillDate(page, 'Date received', '15', '11', '2022');
    await page.getByLabel('Your name').fill('Sam Worker');
    await next(page);

    await heading(page, 'About the organisation');
    await audit(page, 'organisation', found);
    await answerOrganisation(page, {
      name: 'Friends of Priory Park',
      street: '1 Park Road',
      postcode: 'ss2 6el',
      income: '12,500',
    });
    await next(page);

    for (const [title, who] of [
      ['Main contact', 'Pat Jones'],
      ['Second contact', 'Sam Patel'],
    ] as const) {
      await heading(page, title);
      await audit(page, title.toLowerCase(), found);
      await page.getByLabel('Full name').fill(who);
      await page
        .getByLabel('Role in the organisation')
        .fill(title === 'Main contact' ? 'Chair' : 'Treasurer');
      await page.getByLabel('Phone number').fill('01702 123456');
      await next(page);
    }

    await heading(page, 'About the project');
    await audit(page, 'project', found);
    await answerProject(page, 'Priory Park lunch club');
    await next(page);

    await heading(page, 'Money');
    await audit(page, 'money', found);
    await page.getByLabel('Amount requested').fill('1,500');
    await page.getByLabel('What line 1 pays for').fill('Hall hire');
    await page.getByLabel('Line 1 amount').fill('450');
    await page.getByRole('button', { name: 'Add another line' }).click();
    await page.getByLabel('What line 2 pays for').fill('Food');
    await page.getByLabel('Line 2 amount').fill('1,000');
    await next(page);
    await page
      .getByRole('alert')
      .getByText('The budget adds up to £1,450 but the amount requested is £1,500')
      .waitFor();
    found['money (budget does not add up)'] = await accessibilityViolations(page);
    await page.getByLabel('Line 2 amount').fill('1,050');
    await next(page);

    await heading(page, 'Safeguarding and insurance');
    await audit(page, 'safeguarding', found);
    await answerSafeguarding(page);
    await next(page);

    await heading(page, 'Bank details for payment');
    await audit(page, 'bank', found);
    await page.getByLabel('Name on the account').fill('Friends of Priory Park');
    await page.getByLabel('Sort code').fill('30-94-30');
    await page.getByLabel('Account number', { exact: true }).fill('12345678');
    await page.getByLabel('Account number again').fill('12345687');
    await page.getByLabel('First signatory’s name').fill('Pat Jones');
    await page.getByLabel('Second signatory’s name').fill('Sam Patel');
    await page.getByLabel('Yes').check();
    await next(page);
    await page.getByRole('alert').getByText('The account numbers do not match').waitFor();
    await page.getByLabel('Account number again').fill('12345678');
    await next(page);

    await heading(page, 'The declaration');
    await audit(page, 'declaration', found);
    await answerDeclaration(page, 'Pat Jones', 'Chair');
    await next(page);

    await heading(page, 'Photos of the paper form');
    await audit(page, 'photos (empty)', found, false);
    // Two large NHS.UK buttons over visually hidden file inputs: each at least 44x44, with a visible focus style,
    // and Enter or Space opens its picker (the camera's takes one photo, the files' several).
    const takePhoto = page.getByRole('button', { name: 'Take a photo', exact: true });
    const chooseFiles = page.getByRole('button', { name: 'Choose from files', exact: true });
    const look = (button: typeof takePhoto) =>
      button.evaluate((element) => {
        const style = getComputedStyle(element);
        return [style.backgroundColor, style.boxShadow, style.outlineStyle, style.color].join(' | ');
      });
    for (const button of [takePhoto, chooseFiles]) {
      const box = await button.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(44);
      expect(box?.height).toBeGreaterThanOrEqual(44);
      const unfocused = await look(button);
      await button.focus();
      expect(await look(button)).not.toBe(unfocused);
    }
    // Pickers are caught from here on; the round trip makes sure catching is on before a key opens one.
    const choosers: FileChooser[] = [];
    page.on('filechooser', (chooser) => choosers.push(chooser));
    await page.evaluate(() => document.readyState);
    const opened = async () => {
      await expect.poll(() => choosers.length).toBe(1);
      return choosers.pop() as FileChooser;
    };
    await takePhoto.focus();
    await page.keyboard.press('Enter');
    const camera = await opened();
    expect(camera.isMultiple()).toBe(false);
    expect(await camera.element().getAttribute('capture')).toBe('environment');
    await camera.setFiles([]);
    await chooseFiles.focus();
    await page.keyboard.press('Space');
    const chooser = await opened();
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(images);
    await page.getByText('3 photos added.').waitFor({ timeout: 60_000 });
    // The photos were processed off the main thread, in the app's photo worker (precached, so it runs offline).
    expect(workers.some((url) => /\/assets\/photo-worker-[\w-]+\.js$/.test(url))).toBe(true);
    expect(await photoNames(page)).toEqual([
      expect.stringMatching(/^form-page-1\.jpg, /),
      expect.stringMatching(/^form-page-2\.jpg, /),
      expect.stringMatching(/^form-page-3\.jpg, /),
    ]);
    // A damaged file is refused with a message; nothing else changes.
    // The input itself stays reachable by its label.
    await page.getByLabel('Choose photos from the tablet’s files').setInputFiles({
      name: 'scan.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('this is not really a JPEG'),
    });
    await page
      .getByRole('alert')
      .getByText(/scan\.jpg could not be read/)
      .waitFor();
    expect(await page.getByTestId('photo').count()).toBe(3);
    await audit(page, 'photos (a damaged file refused)', found, false);
    // Put the portrait page first.
    const order = async () => (await photoNames(page)).map((text) => text.split(',')[0]);
    await page.getByRole('button', { name: 'Move page 3 up' }).click();
    await expect.poll(order).toEqual(['form-page-1.jpg', 'form-page-3.jpg', 'form-page-2.jpg']);
    await page.getByRole('button', { name: 'Move page 2 up' }).click();
    await expect.poll(order).toEqual(['form-page-3.jpg', 'form-page-1.jpg', 'form-page-2.jpg']);
    await audit(page, 'photos (three pages)', found, false);
    await page.getByRole('link', { name: 'View page 1 full size' }).click();
    await heading(page, 'Page 1 of the paper form');
    await page.locator('.app-photo-full').waitFor();
    await audit(page, 'one page full size', found, false);
    await page.getByRole('link', { name: 'Back to the photos' }).click();
    await heading(page, 'Photos of the paper form');

    // The battery dies: reload offline, unlock with the passcode, and everything is there in the same order.
    await reloadAndUnlock(page);
    await heading(page, 'Photos of the paper form');
    await page.getByTestId('photo').nth(2).waitFor();
    expect((await photoNames(page)).map((text) => text.split(',')[0])).toEqual([
      'form-page-3.jpg',
      'form-page-1.jpg',
      'form-page-2.jpg',
    ]);
    expect(await page.getByTestId('photo-summary').textContent()).toMatch(/^3 pages, /);
    const stored = await storedPhotos(page);
    expect(stored.map(({ width, height }) => [width, height])).toEqual([
      [1500, 2000],
      [2000, 1500],
      [1200, 1600],
    ]);
    for (const image of stored) {
      expect(image.type).toBe('image/jpeg');
      expect(image.bytes).toBeLessThanOrEqual(ATTACHMENT_MAX_BYTES);
      // Stored sealed: an opaque Blob of the 12-byte IV, then the AES-GCM ciphertext (the photo and a 16-byte tag).
      expect(image).toMatchObject({
        sealed: true,
        storedType: 'application/octet-stream',
        storedBytes: image.bytes + SEALED_OVERHEAD_BYTES,
      });
    }

    await page
      .getByRole('button', { name: 'Continue' })
      .or(page.getByRole('link', { name: 'Continue' }))
      .click();
    await heading(page, 'Check the application before submitting it');
    found['check answers'] = await accessibilityViolations(page);
    found['check answers (targets under 24px)'] = await smallTargets(page);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const expected of [
      'Friends of Priory Park',
      '1234567',
      'SS2 6EL',
      '£12,500',
      'Hall hire: £450',
      'Food: £1,050',
      '30-**-**',
      '****5678',
      '3 pages',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('12345678');
    // No organisation check yet: a prompt to run one; one started and left unfinished is shown with a way back to it,
    // and the check's Back link returns here.
    await page.getByText(/The organisation’s eligibility has not been checked yet/).waitFor();
    await page.getByRole('button', { name: 'Check the organisation’s eligibility' }).click();
    await heading(page, 'About the organisation');
    found['organisation check started from the application'] = await accessibilityViolations(page);
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await heading(page, 'Check the application before submitting it');
    await page.getByRole('link', { name: 'Finish the organisation check' }).waitFor();
    found['check answers (an unfinished organisation check)'] = await accessibilityViolations(page);

    await page.getByLabel('Yes, something on the paper form could not be read').check();
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.getByRole('alert').getByText('Enter what could not be read on the paper form').waitFor();
    found['check answers (errors)'] = await accessibilityViolations(page);
    await page.getByLabel('What could not be read?').fill('The postcode on page 2 is smudged');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.getByRole('heading', { name: 'Application saved' }).waitFor();
    found.confirmation = await accessibilityViolations(page);
    expect(await page.locator('main').textContent()).toContain('its 3 photos wait on this tablet');

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((key) => [key, []])));
  });
});
