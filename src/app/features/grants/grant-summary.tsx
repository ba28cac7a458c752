// A grant application's answers as summary rows by section (labels and formatted values, bank details masked),
// shared by check the application (with Change links) and the record page on this tablet (without).
import type { ComponentChildren } from 'preact';
import { formatIsoDate, formatPence } from '../../../shared/eligibility/format';
import type { GrantPayload } from '../../../shared/grant/application';
import { maskAccountNumber, maskSortCode } from '../../../shared/grant/validators';
import type { SummaryRow } from '../../components/summary-list';
import type { FieldDef } from '../forms/fields';
import { GRANT_PAGES } from './grant-pages';

const MASKED: Record<string, (value: string) => string> = {
  sortCode: maskSortCode,
  accountNumber: maskAccountNumber,
};

export function grantAnswerText(field: FieldDef, value: unknown): ComponentChildren {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
    return 'Not given';
  const mask = MASKED[field.name];
  if (mask) return mask(String(value));
  switch (field.kind) {
    case 'money':
      return formatPence(value as number);
    case 'date':
      return formatIsoDate(value as string);
    case 'radios':
      return field.options.find((option) => option.value === value)?.label ?? String(value);
    case 'checkboxes':
      return (value as string[])
        .map((chosen) => field.options.find((option) => option.value === chosen)?.label ?? chosen)
        .join(', ');
    default:
      return <span class="app-payload">{String(value)}</span>;
  }
}

export interface GrantSection {
  /** The step that answers it (a Change link's target). */
  id: string;
  title: string;
  rows: SummaryRow[];
}

/** A Change link for a row: `step` answers it; `what` names it for screen readers. Omitted: no links. */
export type ChangeLink = (step: string, what: string) => NonNullable<SummaryRow['action']>;

/** Every section of the paper form in order (money after the project), each answer labelled and formatted. */
export function grantAnswerSections(
  payload: Pick<GrantPayload, 'answers' | 'amountRequestedPence' | 'budget'>,
  change?: ChangeLink,
): GrantSection[] {
  const answers = payload.answers as Record<string, unknown>;
  const action = (step: string, what: string) => (change ? { action: change(step, what) } : {});
  const sections: GrantSection[] = [];
  for (const page of Object.values(GRANT_PAGES)) {
    sections.push({
      id: page.id,
      title: page.title,
      rows: page.fields
        .filter((field) => field.name !== 'accountNumberAgain')
        .map((field) => {
          const label = typeof field.label === 'string' ? field.label : field.label.worker;
          return {
            key: label,
            value: grantAnswerText(field, answers[field.name]),
            ...action(page.id, label),
          };
        }),
    });
    if (page.id === 'project') {
      sections.push({
        id: 'money',
        title: 'Money',
        rows: [
          {
            key: 'Amount requested',
            value:
              payload.amountRequestedPence === undefined
                ? 'Not given'
                : formatPence(payload.amountRequestedPence),
            ...action('money', 'amount requested'),
          },
          ...(payload.budget ?? []).map((line, index) => ({
            key: `Budget line ${index + 1}`,
            value: `${line.item}: ${formatPence(line.amountPence)}`,
            ...action('money', `budget line ${index + 1}`),
          })),
          {
            key: 'Other funding',
            value: grantAnswerText(
              { kind: 'textarea', name: 'otherFunding', label: '' },
              answers.otherFunding,
            ),
            ...action('money', 'other funding'),
          },
        ],
      });
    }
  }
  return sections;
}
