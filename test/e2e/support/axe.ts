// Runs axe-core on the current page with the WCAG 2.2 AA tags the project holds itself to.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function accessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .options({ rules: { 'target-size': { enabled: true } } })
    .analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** The smallest target for any link, button or control (WCAG 2.2 AA 2.5.8), in CSS pixels. */
export const MIN_TARGET_PX = 24;
/** The smallest target for a primary action, an NHS.UK button (WCAG 2.5.5 AAA; the NHS.UK service manual's 44px). */
export const MIN_PRIMARY_ACTION_PX = 44;

/**
 * Interactive elements smaller than 24x24 CSS pixels, and primary actions (NHS.UK buttons other than the small
 * one, and links or labels styled as them) smaller than 44x44. Stricter than axe's target-size rule, which lets a small target pass when it
 * is spaced out: here every visible link, button and form control must be 24x24 or larger. Radios and checkboxes
 * are measured by the NHS.UK 40px box the label draws, which is what the user presses.
 */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ minimum, primary }) => {
      const found: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>(
        'a[href], button, input, select, textarea, summary, label.nhsuk-button',
      )) {
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        const isChoice =
          element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox');
        const target = isChoice ? (element.parentElement as HTMLElement) : element;
        const box = target.getBoundingClientRect();
        // Not shown (0x0), or visually hidden until focused like the skip link (1x1).
        if (box.width <= 1 && box.height <= 1) continue;
        // NHS.UK's small button is, by the design system, for a secondary action in context: 24px applies.
        const isPrimary =
          element.classList.contains('nhsuk-button') && !element.classList.contains('nhsuk-button--small');
        const least = isPrimary ? primary : minimum;
        if (box.width < least || box.height < least) {
          found.push(
            `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('name') || '').trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}${least === primary ? ' (primary action, under 44px)' : ''}`,
          );
        }
      }
      return found;
    },
    { minimum: MIN_TARGET_PX, primary: MIN_PRIMARY_ACTION_PX },
  );
}
