// The resident check's question pages: home postcode, date of birth and work, and the right to work in the UK.
import { RIGHT_TO_WORK_ANSWERS, RIGHT_TO_WORK_EVIDENCE } from '../../../shared/eligibility/answers';
import {
  ResidentHomeSchema,
  residentAboutSchema,
  rightToWorkSchema,
} from '../../../shared/eligibility/check-pages';
import { EMPLOYMENT_STATUSES } from '../../../shared/signup';
import { todayIso } from '../../../shared/validation/uk';
import { Link } from '../../components/link';
import { clearTyping, draftPage } from '../forms/draft-typing';
import type { FieldDef } from '../forms/fields';
import { FormPage } from '../forms/form-page';
import { type CheckRecord, type ResidentCheck, saveCheckAnswers } from './check-store';
import type { EligibilityData } from './eligibility-data';

export const checkHref = (id: string, step: string) => `/check/${id}/${step}`;
const CAPTION = 'Resident check';
const today = () => todayIso();
/** The draft a check page's typing is kept in (see FormPage). */

const HOME_FIELDS: FieldDef[] = [
  {
    kind: 'text',
    name: 'postcode',
    label: 'Postcode',
    hint: 'The postcode of the address where they live now',
    width: 'nhsuk-input--width-10',
    spellcheck: false,
  },
];

export function ResidentHomePage(props: {
  record: CheckRecord;
  payload: ResidentCheck;
  data: EligibilityData;
}) {
  const { record, payload, data } = props;
  const backHref = payload.source ? `/records/signup/${payload.source.id}` : '/check';
  return (
    <FormPage
      title="What is their home postcode?"
      draft={draftPage(record, 'home')}
      caption={CAPTION}
      intro={
        <p class="nhsuk-body">
          The postcode tells us their neighbourhood and whether it is in {data.programmes.resident.name}’s
          area.
        </p>
      }
      fields={HOME_FIELDS}
      schema={ResidentHomeSchema}
      stored={payload.answers as Record<string, unknown>}
      backHref={backHref}
      onSave={async ({ postcode }) => {
        const found = data.postcodes?.find(postcode);
        await saveCheckAnswers(
          record.id,
          { postcode, pickedAreaCode: undefined },
          found ? 'about' : 'neighbourhood',
        );
        return checkHref(record.id, found ? 'about' : 'neighbourhood');
      }}
      footer={
        <p class="nhsuk-body app-standalone-link">
          <Link href={checkHref(record.id, 'neighbourhood')}>
            They do not know their postcode: choose their neighbourhood instead
          </Link>
        </p>
      }
    />
  );
}

const ABOUT_FIELDS: FieldDef[] = [
  { kind: 'date', name: 'dateOfBirth', label: 'Date of birth', hint: 'For example, 15 3 1984' },
  {
    kind: 'radios',
    name: 'employmentStatus',
    label: 'What is their employment status?',
    options: EMPLOYMENT_STATUSES,
  },
];

export function ResidentAboutPage(props: { record: CheckRecord; payload: ResidentCheck }) {
  const { record, payload } = props;
  return (
    <FormPage
      title="About them"
      draft={draftPage(record, 'about')}
      caption={CAPTION}
      fields={ABOUT_FIELDS}
      schema={residentAboutSchema(today)}
      stored={payload.answers as Record<string, unknown>}
      backHref={checkHref(record.id, payload.answers.pickedAreaCode ? 'neighbourhood' : 'home')}
      onSave={async (answers) => {
        await saveCheckAnswers(record.id, answers, 'right-to-work');
        return checkHref(record.id, 'right-to-work');
      }}
    />
  );
}

const sawEvidence = (values: Record<string, unknown>) => values.rightToWork === 'yes';
const RIGHT_TO_WORK_FIELDS: FieldDef[] = [
  {
    kind: 'radios',
    name: 'rightToWork',
    label: 'Do they have the right to work in the UK?',
    options: RIGHT_TO_WORK_ANSWERS,
  },
  {
    kind: 'radios',
    name: 'rightToWorkEvidence',
    label: 'What evidence did you see?',
    hint: 'Do not write down or photograph any document number',
    options: RIGHT_TO_WORK_EVIDENCE,
    showWhen: sawEvidence,
  },
  {
    kind: 'date',
    name: 'rightToWorkSeenOn',
    label: 'When did you see it?',
    hint: 'For example, 23 11 2026',
    showWhen: sawEvidence,
  },
];

export function RightToWorkPage(props: {
  record: CheckRecord;
  payload: ResidentCheck;
  onFinish: () => Promise<unknown>;
}) {
  const { record, payload } = props;
  return (
    <FormPage
      title="Right to work in the UK"
      draft={draftPage(record, 'right-to-work')}
      caption={CAPTION}
      fields={RIGHT_TO_WORK_FIELDS}
      schema={rightToWorkSchema(today)}
      stored={payload.answers as Record<string, unknown>}
      backHref={checkHref(record.id, 'about')}
      submitText="See the result"
      onSave={async (output) => {
        const answers =
          output.rightToWork === 'yes'
            ? output
            : {
                rightToWork: output.rightToWork,
                rightToWorkEvidence: undefined,
                rightToWorkSeenOn: undefined,
              };
        await saveCheckAnswers(record.id, answers, 'right-to-work');
        // Before finishing: a finished check is sent as it is, and the typing is not an answer.
        await clearTyping({ type: 'eligibility-check', id: record.id, page: 'right-to-work' });
        await props.onFinish();
        return checkHref(record.id, 'result');
      }}
    />
  );
}
