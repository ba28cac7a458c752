// The sign-up's pages in order and its branching: which page follows which, given the answers so far.
import { isCurrentHours, type SignupAnswers, type SignupPageId } from '../../../shared/signup';

export type SignupStep = SignupPageId | 'possible-duplicate' | 'check-answers';

const ORDER: readonly SignupPageId[] = [
  'name',
  'date-of-birth',
  'address',
  'contact',
  'employment',
  'roles',
  'hours',
  'barriers',
  'support',
  'heard-about',
  'equality',
  'equality-details',
  'consent',
];

type Answers = Partial<SignupAnswers>;

/** Whether a page is part of this sign-up: the equality details only when the resident chose to answer them. */
export function pageApplies(page: SignupPageId, answers: Answers): boolean {
  return page !== 'equality-details' || answers.equalityOptIn === 'yes';
}

export const applicablePages = (answers: Answers): SignupPageId[] =>
  ORDER.filter((page) => pageApplies(page, answers));

/** The page after `page`, or the check-your-answers page after the last one. */
export function nextStep(page: SignupPageId, answers: Answers): SignupStep {
  const pages = applicablePages(answers);
  return pages[pages.indexOf(page) + 1] ?? 'check-answers';
}

/** Where the back link of a step goes: the previous applicable page, or the start page before the first. */
export function previousStep(step: SignupStep, answers: Answers): SignupStep | null {
  const pages = applicablePages(answers);
  if (step === 'check-answers' || step === 'possible-duplicate') {
    return step === 'possible-duplicate' ? 'address' : (pages.at(-1) ?? null);
  }
  const index = pages.indexOf(step);
  return index > 0 ? (pages[index - 1] ?? null) : null;
}

/** The keys each page writes, so a page can tell whether it has been answered. */
export const PAGE_KEYS: Record<SignupPageId, readonly (keyof SignupAnswers)[]> = {
  name: ['firstName', 'lastName', 'preferredName'],
  'date-of-birth': ['dateOfBirth'],
  address: ['addressLine1', 'addressLine2', 'town', 'postcode'],
  contact: ['mobile', 'email', 'contactMethod'],
  employment: ['employmentStatus', 'employmentDuration'],
  roles: ['roles', 'rolesOther'],
  hours: ['hoursAvailable'],
  barriers: ['barriers', 'adjustments'],
  support: ['partnerSupport'],
  'heard-about': ['heardAbout', 'heardAboutOther', 'venue'],
  equality: ['equalityOptIn'],
  'equality-details': ['ethnicity', 'disability', 'carer'],
  consent: ['privacyNoticeAccepted', 'contactConsents', 'sharePartners'],
};

/** A page is answered when it wrote any of its keys; an hours band from before the bands stopped overlapping is
 * asked again. */
const answered = (page: SignupPageId, answers: Answers) =>
  page === 'hours'
    ? isCurrentHours(answers.hoursAvailable)
    : PAGE_KEYS[page].some((key) => answers[key] !== undefined);

/** The first applicable page not yet answered, or check-your-answers when all are. */
export function firstUnanswered(answers: Answers): SignupStep {
  return applicablePages(answers).find((page) => !answered(page, answers)) ?? 'check-answers';
}

/** After a change from check-your-answers: back there, unless the change opened a page not yet answered. */
export const stepAfterChange = (answers: Answers): SignupStep => firstUnanswered(answers);

/** Answers with pages that no longer apply removed (e.g. equality details after choosing not to answer). */
export function withoutInapplicable(answers: Answers): Answers {
  const kept: Answers = { ...answers };
  for (const page of ORDER) {
    if (!pageApplies(page, answers)) for (const key of PAGE_KEYS[page]) delete kept[key];
  }
  return kept;
}

export const isSignupPage = (value: string): value is SignupPageId =>
  (ORDER as readonly string[]).includes(value);
