// How a stored sign-up answer reads on check-your-answers and on the record page.
import { OVERLAPPING_HOURS, type SignupAnswers } from '../../../shared/signup';
import type { FieldDef } from './signup-pages';

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "07700 900123" for a stored "+447700900123". */
export function ukPhoneForDisplay(e164: string): string {
  if (!e164.startsWith('+44')) return e164;
  const national = `0${e164.slice(3)}`;
  return `${national.slice(0, 5)} ${national.slice(5)}`;
}

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
