// Real Chromium: a sign-up filled offline survives a reload in the middle (the tablet starts locked and is unlocked
// with the passcode, offline), is submitted and listed; every page, the lock screen and the passcode step pass
// axe-core empty and with errors; and the whole flow works with the keyboard alone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations, smallTargets } from './support/axe';
import { waitForOfflineReady } from './support/browser';
import { useAppInChromium } from './support/harness';
import { chooseRadio, pressContinue, tabTo, tick, typeInto } from './support/keyboard';
import { gotoAndUnlock, signInOnTablet, unlockTablet, WORKER } from './support/tablet-worker';

const app = useAppInChromium();

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

/** axe on the page as it is now, and again after its button (Continue) pressed with nothing entered shows errors. */
async function checkEmptyAndErrorStates(
  page: Page,
  title: string,
  violations: Record<string, unknown>,
  button = 'Continue',
) {
  violations[`${title} (empty)`] = await accessibilityViolations(page);
  violations[`${title} (targets under 24px)`] = await smallTargets(page);
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('alert').waitFor();
  violations[`${title} (errors)`] = await accessibilityViolations(page);
  violations[`${title} (errors, targets under 24px)`] = await smallTargets(page);
}

describe('sign-up in Chromium', () => {
  it('is filled offline, survives a reload in the middle, is submitted and found in the list, with no axe violations and the confirmation buttons apart', {
    timeout: 180_000,
  }, async () => {
    const { page, context } = app.browser;
    const violations: Record<string, unknown> = {};
    // Nobody has used the tablet yet: the lock screen asks for an online sign-in, then a passcode is chosen.
    await page.goto(app.server.url);
    await heading(page, 'Sign in to start');
    violations['lock screen (nobody known)'] = await accessibilityViolations(page);
    violations['lock screen (nobody known, targets under 24px)'] = await smallTargets(page);
    await waitForOfflineReady(page);
    await signInOnTablet(page, app.server.url, WORKER, {
      onPasscodeStep: () => checkEmptyAndErrorStates(page, 'passcode step', violations, 'Save passcode'),
    });
    await context.setOffline(true);

    await page.getByRole('link', { name: 'Sign up a resident' }).click();
    await heading(page, 'Sign up a resident for Southend 2050 Ambition');
    violations.start = await accessibilityViolations(page);
    await page.getByRole('button', { name: 'Start now' }).click();

    await heading(page, 'What is the resident’s name?');
    await checkEmptyAndErrorStates(page, 'name', violations);
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name', { exact: true }).fill('Hopper');
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'What is their date of birth?');
    await checkEmptyAndErrorStates(page, 'date of birth', violations);
    await page.getByLabel('Day').fill('9');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill('1986');
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'What is their address?');
    await checkEmptyAndErrorStates(page, 'address', violations);
    await page.getByLabel('Building and street', { exact: true }).fill('12 Southchurch Road');
    await page.getByLabel('Town or city').fill('Southend-on-Sea');
    await page.getByLabel('Postcode').fill('ss1 2nd');
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'How can the Trust contact them?');

    // The battery dies: reload in the middle, still offline. The tablet starts locked, showing nothing of the
    // resident; the worker unlocks with their passcode, offline, and carries on where they were.
    await page.reload();
    await heading(page, 'This tablet is locked');
    expect(await page.getByText('Grace').count()).toBe(0);
    await checkEmptyAndErrorStates(page, 'lock screen', violations, 'Unlock');
    await unlockTablet(page);
    await heading(page, 'How can the Trust contact them?');
    await gotoAndUnlock(page, `${app.server.url}/records?type=signup&status=draft`);
    await page.getByText('Showing 1 to 1 of 1, most recently changed first.').waitFor();
    await page.getByTestId('record-list').getByRole('link').click();
    await page.getByRole('link', { name: 'Continue this sign-up' }).click();
    await heading(page, 'How can the Trust contact them?');

    await checkEmptyAndErrorStates(page, 'contact', violations);
    await page.getByLabel('Email address (optional)').fill('grace@example.org');
    await page.getByLabel('Email', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Their work at the moment');
    await checkEmptyAndErrorStates(page, 'employment', violations);
    await page.getByLabel('Unemployed and looking for work').check();
    await page.getByLabel('More than 2 years').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Which jobs in health and care interest them?');
    await checkEmptyAndErrorStates(page, 'roles', violations);
    await page.getByLabel('Administration').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'How many hours could they work?');
    await checkEmptyAndErrorStates(page, 'hours', violations);
    await page.getByLabel('Flexible or not sure yet').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Does anything make work harder for them?');
    await checkEmptyAndErrorStates(page, 'barriers', violations);
    await page.getByLabel('None of these').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Which support would they like?');
    await checkEmptyAndErrorStates(page, 'support', violations);
    await page.getByLabel('One-to-one support from the Trust').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'How did they hear about the programme?');
    await checkEmptyAndErrorStates(page, 'heard about', violations);
    await page.getByLabel('From the Jobcentre').check();
    await page.getByLabel('Venue or event today').fill('Southend Library');
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Would they like to answer questions about equality?');
    await checkEmptyAndErrorStates(page, 'equality', violations);
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Equality questions');
    await checkEmptyAndErrorStates(page, 'equality details', violations);
    await page.getByLabel('Prefer not to say').first().check();
    await page.locator('input[name="disability"][value="prefer-not-to-say"]').check();
    await page.locator('input[name="carer"][value="no"]').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Privacy and contact');
    await checkEmptyAndErrorStates(page, 'consent', violations);
    // The privacy notice is part of the app (offline here) and leads back to the consent page.
    await page.getByRole('link', { name: /Read the privacy notice \(version / }).click();
    await heading(page, /How we use your information/);
    violations['privacy notice'] = await accessibilityViolations(page);
    await page.getByRole('link', { name: 'Back to the sign-up' }).first().click();
    await heading(page, 'Privacy and contact');
    await page.getByLabel(/has been read \(or read aloud\)/).check();
    await page.getByLabel('Emails').check();
    await page.locator('input[name="sharePartners"][value="yes"]').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await heading(page, 'Check the answers before sending');
    violations['check answers'] = await accessibilityViolations(page);
    violations['check answers (targets under 24px)'] = await smallTargets(page);
    expect(await page.getByText('SS1 2ND').count()).toBe(1);
    await page.getByRole('button', { name: 'Submit sign-up' }).click();
    await heading(page, 'Sign-up complete');
    violations.confirmation = await accessibilityViolations(page);
    // The two buttons are spaced apart (NHS.UK button group), whether side by side or stacked.
    const check = await page.getByRole('button', { name: 'Check their eligibility' }).boundingBox();
    const another = await page.getByRole('button', { name: 'Start a new sign-up' }).boundingBox();
    if (!check || !another) throw new Error('the confirmation page’s buttons are not shown');
    const apart =
      another.x >= check.x + check.width + 8 ||
      check.x >= another.x + another.width + 8 ||
      another.y >= check.y + check.height + 8 ||
      check.y >= another.y + another.height + 8;
    expect(apart, JSON.stringify({ check, another })).toBe(true);

    await page.getByRole('link', { name: 'See sign-ups on this tablet' }).click();
    await page.getByText('Showing 1 to 1 of 1, most recently changed first.').waitFor();
    expect(await page.getByText('Waiting to send').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('connectivity').textContent()).toBe('Offline');

    for (const [where, found] of Object.entries(violations)) expect(found, where).toEqual([]);
  });

  it('works with the keyboard alone, including handing the tablet to the resident and back', async () => {
    const { page } = app.browser;
    await signInOnTablet(page, app.server.url);
    await gotoAndUnlock(page, `${app.server.url}/signup`);
    await heading(page, 'Sign up a resident for Southend 2050 Ambition');
    await page.keyboard.press('Tab'); // skip link first
    await pressContinueLike(page, 'Start now');

    await heading(page, 'What is the resident’s name?');
    await typeInto(page, 'First name', 'Alan');
    await typeInto(page, 'Last name', 'Turing');
    await pressContinue(page);
    await heading(page, 'What is their date of birth?');
    await typeInto(page, 'Day', '23');
    await typeInto(page, 'Month', '6');
    await typeInto(page, 'Year', '1992');
    await pressContinue(page);
    await heading(page, 'What is their address?');
    await typeInto(page, 'Building and street', '3 Victoria Avenue');
    await typeInto(page, 'Town or city', 'Southend-on-Sea');
    await typeInto(page, 'Postcode', 'SS2 6ER');
    await pressContinue(page);

    await heading(page, 'How can the Trust contact them?');
    await pressContinueLike(page, 'Hand the tablet to the resident');
    await heading(page, 'How can we contact you?');
    await typeInto(page, 'Mobile number (optional)', '07700 900456');
    await chooseRadio(page, 'contactMethod', 'Phone call');
    await pressContinue(page);
    await heading(page, 'Your work at the moment');
    await chooseRadio(
      page,
      'employmentStatus',
      'Not working and not looking for work (for example, caring or long-term ill)',
    );
    await chooseRadio(page, 'employmentDuration', 'Has never had a paid job');
    await pressContinue(page);
    await heading(page, 'Which jobs in health and care interest you?');
    await tick(page, 'Catering');
    await pressContinue(page);
    await heading(page, 'How many hours could you work?');
    await chooseRadio(page, 'hoursAvailable', 'Up to 15 hours a week');
    await pressContinue(page);
    await heading(page, 'Does anything make work harder for you?');
    await tick(page, 'Transport');
    await pressContinue(page);
    await heading(page, 'Which support would you like?');
    await tick(page, 'No support for now');
    await pressContinue(page);
    await heading(page, 'How did you hear about us?');
    await chooseRadio(page, 'heardAbout', 'On social media');
    await typeInto(page, 'Where are you today?', 'Westcliff Library');
    await pressContinue(page);
    await heading(page, 'Would you like to answer questions about equality?');
    await chooseRadio(page, 'equalityOptIn', 'No');
    await pressContinue(page);
    await heading(page, 'Privacy and contact');
    await tick(page, `Privacy notice version 2026-11 has been read (or read aloud) and is agreed to`);
    await chooseRadio(page, 'sharePartners', 'No');
    await pressContinue(page);
    await heading(page, 'Check your answers');
    await pressContinueLike(page, 'Submit sign-up');
    await heading(page, 'Sign-up complete');
    expect(await page.getByText('Please give the tablet back').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Menu' }).count()).toBe(0);

    // Only the worker leaves resident mode: there is no way out but the hand-back confirmation (a new page starts
    // locked; unlocked, it is still the hand-back page).
    await gotoAndUnlock(page, `${app.server.url}/records`);
    await heading(page, 'Sign-up complete');
  });
});

/** Tab to a button or link by its name and press Enter. */
async function pressContinueLike(page: Page, name: string) {
  const target = page.getByRole('button', { name }).or(page.getByRole('link', { name }));
  await tabTo(page, target.first());
  await page.keyboard.press('Enter');
}
