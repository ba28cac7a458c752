// Helpers that fill in sign-up pages in component tests the way a worker would: by label, then Continue.
import { fireEvent, screen } from '@testing-library/preact';

export function type(label: string | RegExp, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

export function choose(label: string | RegExp) {
  fireEvent.click(screen.getByLabelText(label));
}

/** A page heading by its text; a caption ("About them - ") may come before it. */
export const h1 = (name: string | RegExp) =>
  screen.findByRole('heading', {
    level: 1,
    name: typeof name === 'string' ? new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : name,
  });

export async function continueTo(heading: string | RegExp) {
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
  return h1(heading);
}

export function dateOfBirth(day: string, month: string, year: string) {
  type('Day', day);
  type('Month', month);
  type('Year', year);
}

/** Answers every page from the name to check your answers, choosing not to answer the equality questions. */
export async function fillWholeSignup(person = { first: 'Ada', last: 'Lovelace', postcode: 'ss1 1aa' }) {
  type('First name', person.first);
  type('Last name', person.last);
  await continueTo('What is their date of birth?');
  dateOfBirth('10', '12', '1990');
  await continueTo('What is their address?');
  type('Building and street', '1 Marine Parade');
  type('Town or city', 'Southend-on-Sea');
  type('Postcode', person.postcode);
  await continueTo(/How can the Trust contact them|may already be signed up/);
  if (screen.queryByRole('heading', { level: 1, name: /may already be signed up/ })) return;
  type('Mobile number (optional)', '07700 900123');
  choose('Text message');
  await continueTo('Their work at the moment');
  choose('Unemployed and looking for work');
  choose('6 to 12 months');
  await continueTo('Which jobs in health and care interest them?');
  choose('Healthcare assistant');
  await continueTo('How many hours could they work?');
  choose('16 to 29 hours a week');
  await continueTo('Does anything make work harder for them?');
  choose('Childcare');
  await continueTo('Which support would they like?');
  choose('A Better Start Southend: childcare and training events');
  await continueTo('How did they hear about the programme?');
  choose('At a community event');
  type('Venue or event today', 'Kursaal community day');
  await continueTo('Would they like to answer questions about equality?');
  choose('No');
  await continueTo('Privacy and contact');
  choose(/has been read \(or read aloud\)/);
  choose('Text messages');
  choose('Yes');
  await continueTo('Check the answers before sending');
}
