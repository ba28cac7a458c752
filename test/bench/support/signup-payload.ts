// The encryption benchmark's sign-up payloads: the stored shape of a finished sign-up, about 1 KB of answers each.
const FIRST = ['Ada', 'Grace', 'Mohammed', 'Olusegun', 'Siobhan', 'Priya', 'Tomasz', 'Chloe'];
const STREETS = [
  'Marine Parade',
  'London Road',
  'Southchurch Avenue',
  'Victoria Avenue',
  'Hamlet Court Road',
];

/** The n-th resident's finished sign-up (the shape of test/server/support/api.ts signupPayload, every field filled). */
export function signupPayload(n: number) {
  const first = FIRST[n % FIRST.length] as string;
  const last = `Resident-${n}`;
  return {
    answers: {
      firstName: first,
      lastName: last,
      preferredName: n % 3 === 0 ? first.slice(0, 3) : '',
      dateOfBirth: `19${60 + (n % 40)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`,
      addressLine1: `${1 + (n % 200)} ${STREETS[n % STREETS.length]}`,
      addressLine2: n % 2 === 0 ? `Flat ${1 + (n % 9)}` : '',
      town: 'Southend-on-Sea',
      postcode: `SS${1 + (n % 9)} ${1 + (n % 9)}AA`,
      mobile: `+447700${String(900000 + n).slice(-6)}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}@example.org`,
      contactMethod: 'text',
      employmentStatus: 'unemployed',
      employmentDuration: '6-to-12-months',
      roles: ['healthcare-assistant', 'admin', 'apprenticeship'],
      rolesOther: '',
      hoursAvailable: '16-to-29',
      barriers: ['childcare', 'transport', 'digital-skills'],
      adjustments: 'Prefers morning appointments; needs step-free access at the venue.',
      partnerSupport: ['abs-childcare', 'sech-it', 'trust-one-to-one'],
      heardAbout: 'outreach-event',
      heardAboutOther: '',
      venue: 'Kursaal community day',
      equalityOptIn: 'no',
      privacyNoticeAccepted: ['accepted'],
      privacyNoticeVersion: '2026-11',
      contactConsents: ['text', 'email'],
      sharePartners: 'yes',
    },
    resumeAt: 'check-answers',
  };
}
