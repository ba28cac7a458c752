// The organisation check's question pages: the organisation (type, income, where it works) and the application
// (amount, spend dates, date received).
import { ORGANISATION_TYPES } from '../../../shared/eligibility/answers';
import { applicationCheckSchema, OrganisationCheckSchema } from '../../../shared/eligibility/check-pages';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../../shared/programmes';
import { todayIso } from '../../../shared/validation/uk';
import { draftPage } from '../forms/draft-typing';
import type { FieldDef } from '../forms/fields';
import { FormPage } from '../forms/form-page';
import { grantHref } from '../grants/grant-pages';
import { type CheckRecord, type OrganisationCheck, saveCheckAnswers } from './check-store';
import type { EligibilityData } from './eligibility-data';
import { checkHref } from './resident-check-pages';

const CAPTION = 'Organisation check';

const ORGANISATION_FIELDS: FieldDef[] = [
  { kind: 'text', name: 'organisationName', label: 'Organisation name' },
  {
    kind: 'radios',
    name: 'organisationType',
    label: 'What type of organisation is it?',
    options: ORGANISATION_TYPES,
  },
  {
    kind: 'money',
    name: 'annualIncomePence',
    label: 'Annual income',
    hint: 'From its latest accounts, or its expected income this year if it is new. In pounds, like 12,500',
  },
  {
    kind: 'checkboxes',
    name: 'areasServed',
    label: 'Where does it work?',
    hint: 'Select all that apply',
    options: [
      ...Object.entries(MID_AND_SOUTH_ESSEX_DISTRICTS).map(([value, label]) => ({ value, label })),
      { value: 'outside', label: 'Only outside Mid and South Essex' },
    ],
    exclusive: 'outside',
  },
];

export function OrganisationPage(props: {
  record: CheckRecord;
  payload: OrganisationCheck;
  data: EligibilityData;
}) {
  const { record, payload } = props;
  // Started from a grant application's check answers: back there, not to the record's page.
  const backHref = payload.source ? grantHref(payload.source.id, 'check-answers') : '/check';
  return (
    <FormPage
      title="About the organisation"
      draft={draftPage(record, 'organisation')}
      caption={CAPTION}
      fields={ORGANISATION_FIELDS}
      schema={OrganisationCheckSchema}
      stored={payload.answers as Record<string, unknown>}
      backHref={backHref}
      onSave={async (answers) => {
        await saveCheckAnswers(record.id, answers, 'application');
        return checkHref(record.id, 'application');
      }}
    />
  );
}

export function OrganisationApplicationPage(props: {
  record: CheckRecord;
  payload: OrganisationCheck;
  data: EligibilityData;
  onFinish: () => Promise<unknown>;
}) {
  const { record, payload, data } = props;
  const grant = data.programmes.grant;
  const fields: FieldDef[] = [
    {
      kind: 'money',
      name: 'amountRequestedPence',
      label: 'Amount requested',
      hint: `Grants are for ${grant.minAmountPence / 100} to ${grant.maxAmountPence / 100} pounds`,
    },
    {
      kind: 'date',
      name: 'spendFrom',
      label: 'When will the project start spending the money?',
      hint: 'For example, 1 12 2022',
    },
    { kind: 'date', name: 'spendTo', label: 'When will it finish?', hint: 'For example, 31 7 2023' },
    {
      kind: 'date',
      name: 'receivedOn',
      label: 'When was the application received?',
      hint: 'The date on the envelope or when it was handed in',
    },
  ];
  return (
    <FormPage
      title="About the application"
      draft={draftPage(record, 'application')}
      caption={CAPTION}
      fields={fields}
      schema={applicationCheckSchema(() => todayIso())}
      stored={payload.answers as Record<string, unknown>}
      backHref={checkHref(record.id, 'organisation')}
      submitText="See the result"
      onSave={async (answers) => {
        await saveCheckAnswers(record.id, answers, 'application');
        await props.onFinish();
        return checkHref(record.id, 'result');
      }}
    />
  );
}
