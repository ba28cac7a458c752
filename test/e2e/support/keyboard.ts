// Keyboard-only helpers for browser tests: reach a control with Tab alone, then operate it with keys.
import type { Locator, Page } from 'playwright-core';

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Presses Tab until `target` has focus (at most `limit` presses); fails if it is not reachable. */
export async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  if (!(await isFocused(target))) throw new Error(`Not reachable with Tab: ${target}`);
}

/** Types into a text field reached with Tab. */
export async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await tabTo(page, page.getByLabel(label, { exact: true }));
  await page.keyboard.type(text);
}

/** Ticks a checkbox reached with Tab, with the space bar. */
export async function tick(page: Page, label: string): Promise<void> {
  await tabTo(page, page.getByLabel(label, { exact: true }));
  await page.keyboard.press('Space');
}

/** Chooses a radio: Tab into its group, then arrow keys (which select) or Space for the first option. */
export async function chooseRadio(page: Page, groupName: string, label: string): Promise<void> {
  const radios = page.locator(`input[type=radio][name="${groupName}"]`);
  const labels = await radios.evaluateAll((inputs) =>
    inputs.map((input) => document.querySelector(`label[for="${input.id}"]`)?.textContent?.trim() ?? ''),
  );
  const index = labels.indexOf(label);
  if (index < 0) throw new Error(`No option ${label} in ${groupName}: ${labels.join(' | ')}`);
  await tabTo(page, radios.first());
  if (index === 0) await page.keyboard.press('Space');
  for (let step = 0; step < index; step++) await page.keyboard.press('ArrowDown');
}

/** Submits the page's form with Enter on its Continue button, reached with Tab. */
export async function pressContinue(page: Page): Promise<void> {
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');
}
