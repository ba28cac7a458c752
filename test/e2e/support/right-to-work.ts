// The resident check's right-to-work page answered as most workers do: evidence seen (a UK or Irish passport),
// checked today.
import type { Page } from 'playwright-core';
import { todayIso } from '../../../src/shared/validation/uk';

export async function answerRightToWorkSeenToday(page: Page): Promise<void> {
  await page.getByLabel('Yes, and I have seen evidence').check();
  await page.getByLabel('UK or Irish passport (current or expired)').check();
  const [year, month, day] = todayIso().split('-');
  await page.getByLabel('Day').fill(String(Number(day)));
  await page.getByLabel('Month').fill(String(Number(month)));
  await page.getByLabel('Year').fill(year as string);
}
