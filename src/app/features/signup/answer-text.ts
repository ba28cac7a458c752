// How a stored sign-up answer reads, and its answers by section, on check-your-answers and on the record page.
import { OVERLAPPING_HOURS, type SignupAnswers, type SignupPageId } from '../../../shared/signup';
import { ukPhoneForDisplay } from '../../../shared/validation/uk';
import type { SummaryRow } from '../../components/summary-list';
import { applicablePages } from './signup-flow';
import { type FieldDef, SIGNUP_PAGES, say, type Voice } from './signup-pages';

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

export { ukPhoneForDisplay };

export function answerText(field: FieldDef, answers: Partial<SignupAnswers>): string {
  const answer = answers[field.name];
  if (answer === undefined || answer === '' || (Array.isArray(answer) && answer.length === 0))
    return 'Not given';
  if (field.kind === 'date') return longDate.format(new Date(`${answer as string}T00:00:00Z`));
  if (field.kind === 'radios' || field.kind === 'checkboxes') {
    const chosen = Array.isArray(answer) ? answer : [answer as string];
    return chosen
      .map(
        (value) =>
          [...field.options, ...OVERLAPPING_HOURS].find((option) => option.value === value)?.label ?? value,
      )
      .join(', ');
  }
  if (field.name === 'mobile') return ukPhoneForDisplay(answer as string);
  return String(answer);
}

export interface SignupSection {
  pageId: SignupPageId;
  title: string;
  rows: SummaryRow[];
}

/**
 * The answers of every page that applies, by page, each labelled as its question (without "(optional)") and
 * formatted; `change` adds each row's Change link (check your answers), omitted on the record page.
 */
export function signupAnswerSections(
  answers: Partial<SignupAnswers>,
  voice: Voice,
  change?: (pageId: SignupPageId, label: string) => NonNullable<SummaryRow['action']>,
): SignupSection[] {
  return applicablePages(answers).map((pageId) => {
    const page = SIGNUP_PAGES[pageId];
    return {
      pageId,
      title: say(page.title, voice) as string,
      rows: page.fields
        .filter((field) => !field.showWhen || field.showWhen(answers))
        .map((field) => {
          const label = say(field.label, voice) as string;
          return {
            key: label.replace(/ \(optional\)$/, ''),
            value: answerText(field, answers),
            ...(change ? { action: change(pageId, label) } : {}),
          };
        }),
    };
  });
}
