// One grant application page from its definition: the shared FormPage with the page's shared schema, saving the
// draft on every Continue. Bank details are never shown back in full: re-entering them replaces them.
import { type GrantPageId, grantPageSchema } from '../../../shared/grant/application';
import { maskAccountNumber, maskSortCode } from '../../../shared/grant/validators';
import { InsetText } from '../../components/inset-text';
import { draftPage } from '../forms/draft-typing';
import { FormPage } from '../forms/form-page';
import { GRANT_PAGES, grantHref, stepAfter, stepBefore } from './grant-pages';
import { type GrantRecord, saveGrantPage } from './grant-store';

export function GrantQuestionPage(props: { record: GrantRecord; page: GrantPageId; change: boolean }) {
  const { record, page, change } = props;
  const def = GRANT_PAGES[page];
  const answers = record.payload.answers as Record<string, unknown>;
  const back = stepBefore(page);
  const next = change ? 'check-answers' : stepAfter(page);
  const bankOnFile = page === 'bank' && typeof answers.accountNumber === 'string';
  const stored = page === 'bank' ? { ...answers, sortCode: '', accountNumber: '' } : answers;
  return (
    <FormPage
      title={def.title}
      // Typing is kept in the draft before Continue, except bank details: their numbers are never shown back.
      {...(page === 'bank' ? {} : { draft: draftPage(record, page) })}
      caption={def.caption}
      intro={
        bankOnFile ? (
          <InsetText>
            Bank details are already entered: sort code {maskSortCode(answers.sortCode as string)}, account{' '}
            {maskAccountNumber(answers.accountNumber as string)}. Type them again from the form to change
            them.
          </InsetText>
        ) : undefined
      }
      fields={def.fields}
      schema={grantPageSchema(page, answers)}
      stored={stored}
      backHref={
        change ? grantHref(record.id, 'check-answers') : back ? grantHref(record.id, back) : '/grants'
      }
      onSave={async (output) => {
        await saveGrantPage(record.id, page, output, next);
        return grantHref(record.id, next, change);
      }}
    />
  );
}
