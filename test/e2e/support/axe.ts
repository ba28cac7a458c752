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

/**
 * Interactive elements smaller than 24x24 CSS pixels. Stricter than axe's target-size rule, which lets a small
 * target pass when it is spaced out: here every visible link, button and form control must be 24x24 or larger.
 * Radios and checkboxes are measured by the NHS.UK 40px box the label draws, which is what the user presses.
 */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary',
    )) {
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const isChoice =
        element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox');
      const target = isChoice ? (element.parentElement as HTMLElement) : element;
      const box = target.getBoundingClientRect();
      // Not shown (0x0), or visually hidden until focused like the skip link (1x1).
      if (box.width <= 1 && box.height <= 1) continue;
      if (box.width < 24 || box.height < 24) {
        found.push(
          `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('name') || '').trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`,
        );
      }
    }
    return found;
  });
}
