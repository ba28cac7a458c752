// "Open a new round" on the grant pot page: the round's name and id, its application and spending windows and its
// pot, checked with the contract's NewRoundRequestSchema before it is sent; the server's refusals (field issues,
// a round id already used, settings saved by someone else meanwhile) are shown next to the fields they are about.
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { NewRoundRequestSchema } from '../../../../shared/console';
import { poundsToPence } from '../../../../shared/grant/money';
import type { DateParts } from '../../../../shared/validation/uk';
import { Button } from '../../../components/button';
import { DateInput } from '../../../components/date-input';
import { TextInput } from '../../../components/text-input';
import { type NewRoundRequest, openRound } from '../../../sync/console/pot';
import { ConsoleError } from '../../../sync/console-client';
import { EMPTY_DATE, readDate } from './dates';
import { type FieldErrors, FORM_PROBLEM, problemText, serverIssues } from './form-errors';

/** The form's fields in the order it shows them (the error summary lists them so). */
export const ROUND_FIELDS = [
  'round-name',
  'round-id',
  'round-opens',
  'round-closes',
  'round-spend-from',
  'round-spend-to',
  'round-pot',
] as const;

const FIELD_FOR_PATH: Record<string, (typeof ROUND_FIELDS)[number]> = {
  'round.name': 'round-name',
  'round.id': 'round-id',
  'round.applicationWindow.opens': 'round-opens',
  'round.applicationWindow.closes': 'round-closes',
  'round.spendWindow.from': 'round-spend-from',
  'round.spendWindow.to': 'round-spend-to',
  'round.potPence': 'round-pot',
};

interface Typed {
  name: string;
  id: string;
  opens: DateParts;
  closes: DateParts;
  spendFrom: DateParts;
  spendTo: DateParts;
  pot: string;
}

const BLANK: Typed = {
  name: '',
  id: '',
  opens: EMPTY_DATE,
  closes: EMPTY_DATE,
  spendFrom: EMPTY_DATE,
  spendTo: EMPTY_DATE,
  pot: '',
};

/** The request from what was typed, or the messages for the fields that are not right. */
export function readRound(
  typed: Typed,
  version: number,
): { request: NewRoundRequest } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const date = (field: string, label: string, parts: DateParts): string => {
    const read = readDate(label, parts);
    if ('error' in read) errors[field] = read.error;
    return 'iso' in read ? read.iso : '';
  };
  const opens = date('round-opens', 'The date applications open', typed.opens);
  const closes = date('round-closes', 'The date applications close', typed.closes);
  const spendFrom = date('round-spend-from', 'The date spending may start', typed.spendFrom);
  const spendTo = date('round-spend-to', 'The date money must be spent by', typed.spendTo);
  // Checked only when both dates of a window could be read.
  if (opens && closes && closes < opens)
    errors['round-closes'] = 'The date applications close must be the same as or after the date they open';
  if (spendFrom && spendTo && spendTo < spendFrom)
    errors['round-spend-to'] = 'The date money must be spent by must be after the date spending may start';
  let potPence = 0;
  if (!typed.pot.trim()) errors['round-pot'] = 'Enter the pot for the round';
  else {
    const pence = poundsToPence(typed.pot);
    if (pence === null) errors['round-pot'] = 'The pot must be an amount in pounds, like 50,000 or 50,000.50';
    else if (pence === 0) errors['round-pot'] = 'The pot must be more than £0';
    else potPence = pence;
  }
  const candidate = {
    version,
    round: {
      id: typed.id.trim(),
      name: typed.name,
      applicationWindow: { opens, closes },
      spendWindow: { from: spendFrom, to: spendTo },
      potPence,
    },
  };
  const parsed = v.safeParse(NewRoundRequestSchema, candidate);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const field = FIELD_FOR_PATH[v.getDotPath(issue) ?? ''];
      // Dates and the pot already have their own messages; the schema speaks for the name and the id.
      if (field === 'round-name') errors[field] ??= 'Enter a name for the round';
      if (field === 'round-id') {
        errors[field] ??= typed.id.trim()
          ? 'The round id must be lower-case letters, digits and hyphens, starting with a letter or digit (at most 40)'
          : 'Enter an id for the round';
      }
    }
  }
  // A part of the request no field shows (the settings version) is wrong: the page's data is.
  if (!parsed.success && Object.keys(errors).length === 0)
    errors[FORM_PROBLEM] = 'The grant settings could not be read. Reload the page and try again.';
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { request: parsed.output };
}

export function NewRoundForm(props: {
  version: number;
  errors: FieldErrors;
  onErrors: (errors: FieldErrors) => void;
  /** After the server opened the round (the page reloads the pot and the settings). */
  onOpened: (round: NewRoundRequest['round']) => void;
  /** After a version conflict: the page reloads the settings so the next try carries the new version. */
  onStale: () => void;
}) {
  const [typed, setTyped] = useState<Typed>(BLANK);
  const [pending, setPending] = useState(false);
  const set =
    <K extends keyof Typed>(key: K) =>
    (value: Typed[K]) =>
      setTyped({ ...typed, [key]: value });
  const { errors } = props;

  async function submit(event: Event) {
    event.preventDefault();
    const read = readRound(typed, props.version);
    if ('errors' in read) return props.onErrors(read.errors);
    props.onErrors({});
    setPending(true);
    try {
      await openRound(read.request);
      setTyped(BLANK);
      props.onOpened(read.request.round);
    } catch (error) {
      props.onErrors(refusalErrors(error, read.request.round.id));
      if (error instanceof ConsoleError && error.code === 'version-conflict') props.onStale();
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextInput
        id="round-name"
        label="Name of the round"
        hint="How coordinators and the tablets will see it, for example 2026 to 2027"
        value={typed.name}
        onValue={set('name')}
        error={errors['round-name']}
        widthClass="nhsuk-input--width-20"
      />
      <TextInput
        id="round-id"
        label="Round id"
        hint="A short id that never changes, for example 2026-27: lower-case letters, digits and hyphens"
        value={typed.id}
        onValue={set('id')}
        error={errors['round-id']}
        widthClass="nhsuk-input--width-10"
        spellcheck={false}
        autocomplete="off"
      />
      <DateInput
        id="round-opens"
        legend="Applications open"
        hint="The first day a paper form can be received in this round, for example 1 4 2026"
        value={typed.opens}
        onValue={set('opens')}
        error={errors['round-opens']}
      />
      <DateInput
        id="round-closes"
        legend="Applications close"
        hint="The last day a paper form can be received in this round"
        value={typed.closes}
        onValue={set('closes')}
        error={errors['round-closes']}
      />
      <DateInput
        id="round-spend-from"
        legend="Spending may start"
        value={typed.spendFrom}
        onValue={set('spendFrom')}
        error={errors['round-spend-from']}
      />
      <DateInput
        id="round-spend-to"
        legend="Money must be spent by"
        value={typed.spendTo}
        onValue={set('spendTo')}
        error={errors['round-spend-to']}
      />
      <TextInput
        id="round-pot"
        label="Pot for the round, in pounds"
        hint="The most that can be approved in this round, for example 100,000"
        value={typed.pot}
        onValue={set('pot')}
        error={errors['round-pot']}
        prefix="£"
        inputMode="decimal"
        widthClass="nhsuk-input--width-10"
      />
      <Button type="submit" disabled={pending}>
        Open the round
      </Button>
    </form>
  );
}

/** The server's refusal as field errors: the id taken, the settings moved on, field issues, or anything else. */
function refusalErrors(error: unknown, id: string): FieldErrors {
  if (error instanceof ConsoleError && error.code === 'round-exists')
    return { 'round-id': `There is already a round with the id ${id}: choose another id` };
  if (error instanceof ConsoleError && error.code === 'version-conflict') {
    return {
      [FORM_PROBLEM]:
        'Someone else saved the grant settings while you were typing. The page now has their version: check the rounds below, then open the round again.',
    };
  }
  if (error instanceof ConsoleError && error.status === 400) {
    const found = serverIssues(error, (path) => FIELD_FOR_PATH[path] ?? null);
    if (Object.keys(found).length > 0) return found;
  }
  return { [FORM_PROBLEM]: problemText(error) };
}
