// Filling the grant application's pages in browser tests: the page's button, a day-month-year group, and the pages
// whose answers the tests do not vary.
import type { Page } from 'playwright-core';

/** Presses the page's own button (Continue unless named). */
export const next = (page: Page, name = 'Continue') =>
  page.getByRole('button', { name, exact: true }).click();

/** Fills the Day, Month and Year fields of the date group with this legend. */
export async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

/** The safeguarding and insurance page: a policy, insurance, and checks for everyone who needs one. */
export async function answerSafeguarding(page: Page) {
  await page.getByRole('group', { name: 'Do they have a safeguarding policy?' }).getByLabel('Yes').check();
  await page
    .getByRole('group', { name: 'Do they have public liability insurance?' })
    .getByLabel('Yes')
    .check();
  await page.getByLabel('Yes, for everyone who needs one').check();
}

/** The declaration page: who signed it, their position, when, and that it was signed. */
export async function answerDeclaration(page: Page, signer: string, position: string) {
  await page.getByLabel('Name of the person who signed').fill(signer);
  await page.getByLabel('Their position in the organisation').fill(position);
  await fillDate(page, 'Date of the declaration', '10', '11', '2022');
  await page.getByLabel('Yes').check();
}

/** The organisation page: a registered charity in Southend-on-Sea with a constitution. */
export async function answerOrganisation(
  page: Page,
  organisation: { name: string; street: string; postcode: string; income: string },
) {
  await page.getByLabel('Organisation name').fill(organisation.name);
  await page.getByLabel('Registered charity').check();
  await page.getByLabel('Charity number').fill('1234567');
  await page.getByLabel('Building and street', { exact: true }).fill(organisation.street);
  await page.getByLabel('Town or city').fill('Southend-on-Sea');
  await page.getByLabel('Postcode').fill(organisation.postcode);
  await page.getByLabel('Southend-on-Sea', { exact: true }).check();
  await page.getByLabel('Annual income').fill(organisation.income);
  await page.getByLabel('Constitution').check();
}

/** The project page: a lunch club for older residents, December 2022 to July 2023. */
export async function answerProject(page: Page, title: string) {
  await page.getByLabel('Project title').fill(title);
  await page
    .getByLabel('What will the project do?')
    .fill('A weekly lunch and health check for older residents.');
  await page.getByLabel('Wider determinants of health').check();
  await page.getByLabel('How does it address it?').fill('Isolation and poor diet.');
  await page.getByLabel('Who will benefit?').fill('Older residents of Victoria ward.');
  await page.getByLabel('How many people will benefit?').fill('40');
  await fillDate(page, 'Start date', '1', '12', '2022');
  await fillDate(page, 'End date', '31', '7', '2023');
  await page.getByLabel('What outcomes do they expect?').fill('Fewer people eating alone.');
  await page.getByLabel('How will they measure them?').fill('A survey at the start and end.');
}
