// The Southend 2050 Ambition privacy notice: its version and its words, in one constant that the notice page
// shows and the sign-up's consent records. Part of the app bundle, so it reads the same offline.

/*
 * DRAFT WORDING: Mid and South Essex NHS Foundation Trust's information governance team (and its Data Protection
 * Officer) must approve the final wording before this notice is used with residents. Any change to the words
 * must come with a new version, so each sign-up says which words the resident agreed to. The retention period
 * (2 years after taking part) and the contact details are placeholders for the Trust to confirm.
 */

export interface NoticeSection {
  heading: string;
  paragraphs?: readonly string[];
  list?: readonly string[];
}

export interface PrivacyNotice {
  /** Recorded on every sign-up as the version the resident read or had read to them. */
  version: string;
  title: string;
  /** Marks the words as awaiting the Trust's information governance approval (shown on the page). */
  draft: boolean;
  sections: readonly NoticeSection[];
}

export const PRIVACY_NOTICE: PrivacyNotice = {
  version: '2026-11',
  title: 'How we use your information: Southend 2050 Ambition',
  draft: true,
  sections: [
    {
      heading: 'Who we are',
      paragraphs: [
        'Southend 2050 Ambition helps people who live in Southend-on-Sea into jobs, training and volunteering in health and care. It is run by Mid and South Essex NHS Foundation Trust (“the Trust”) with South Essex Community Hub.',
        'The Trust is responsible for your information (it is the “data controller”).',
      ],
    },
    {
      heading: 'What we collect',
      list: [
        'your name, date of birth, address and postcode',
        'your mobile number and email address, if you give them, and how you would like to be contacted',
        'your work now, the jobs and hours you are interested in, and anything that makes work harder for you',
        'the support you would like from our partners, and how you heard about the programme',
        'if you choose to answer them: your ethnic group, whether you have a disability, and whether you are a carer',
        'where and when you signed up, and the outreach worker who helped you',
      ],
    },
    {
      heading: 'Why we collect it',
      paragraphs: [
        'To contact you about jobs, training and support that suit you, to check whether you can take part, and to refer you to the partners you choose.',
        'We use the equality answers only to see whether the programme reaches everyone fairly, in reports that do not name anyone.',
        'The law lets us do this because it is part of the Trust’s public task as an NHS body (UK GDPR Article 6(1)(e)). For the equality and health answers we rely on reasons of substantial public interest, such as equality of opportunity (Article 9(2)(g) and the Data Protection Act 2018).',
      ],
    },
    {
      heading: 'Who sees it',
      list: [
        'the Trust’s Southend 2050 Ambition team and the outreach workers who support you',
        'South Essex Community Hub, which helps run the programme',
        'only the partners you agree to (for example A Better Start Southend, Generation Medics, PAVE or HALO), and only what they need to support you',
      ],
      paragraphs: [
        'We never sell your information or use it for marketing. We will only share it with anyone else if the law requires it, for example to keep someone safe.',
      ],
    },
    {
      heading: 'How it is kept safe',
      paragraphs: [
        'Your answers are kept on the outreach worker’s tablet only until they are sent to the Trust’s secure system, then removed from the tablet. Only trained staff who need it can see it.',
      ],
    },
    {
      heading: 'How long we keep it',
      paragraphs: [
        'We keep your information for as long as you take part in the programme and then for 2 years, unless you ask us to remove it sooner. After that it is deleted.',
      ],
    },
    {
      heading: 'Your rights',
      paragraphs: ['Under UK data protection law (UK GDPR) you have the right to:'],
      list: [
        'see the information we hold about you and have a copy',
        'have it corrected if it is wrong',
        'ask us to delete it, or to stop or limit using it',
        'object to how we use it',
        'change your mind about being contacted, or about sharing with partners, at any time',
      ],
    },
    {
      heading: 'Contact us',
      paragraphs: [
        'To ask about your information or use your rights, contact the Trust’s Data Protection Officer: Mid and South Essex NHS Foundation Trust, Prittlewell Chase, Westcliff-on-Sea, SS0 0RY. You can also ask your outreach worker to pass on your request.',
        'If you are unhappy with how we use your information you can complain to the Information Commissioner’s Office: ico.org.uk or 0303 123 1113.',
      ],
    },
  ],
};
