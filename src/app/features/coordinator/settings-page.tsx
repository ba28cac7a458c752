// The programme settings page: each programme's thresholds, statuses, amounts and retention on a form, checked with
// ProgrammeSchema before it is saved as a new version (someone saving first is a conflict: reload), and each
// programme's version history. Rounds are opened on the grant pot page.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Programme } from '../../../shared/programmes';
import { EMPLOYMENT_STATUSES } from '../../../shared/signup';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/choices';
import { ErrorSummary } from '../../components/error-summary';
import { InsetText } from '../../components/inset-text';
import { Link } from '../../components/link';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { TextInput } from '../../components/text-input';
import { formatDateTime } from '../../shell/format';
import { fetchAccounts } from '../../sync/console/accounts';
import { fetchProgrammes, fetchProgrammeVersions, saveProgramme } from '../../sync/console/settings';
import { ConsoleError } from '../../sync/console-client';
import { type FieldErrors, FORM_PROBLEM, problemText, serverIssues, summaryItems } from './admin/form-errors';
import { LoadFailed, Loading } from './admin/load-state';
import { POT_PAGE_PATH } from './admin/paths';
import {
  fieldId,
  fieldOrder,
  fieldsOf,
  readSettings,
  STATUSES_FIELD,
  type TypedSettings,
  typedFrom,
} from './admin/settings-fields';
import { useLoaded } from './admin/use-loaded';

interface Problem {
  programmeId: string;
  errors: FieldErrors;
  /** Someone saved first: the form offers to reload. */
  conflict: boolean;
}

/** Who saved a version: the account's username when the server names it by id, as the server wrote it otherwise. */
type SavedByName = (savedBy: string) => string;

function VersionHistory(props: { programme: Programme; savedByName: SavedByName }) {
  const [versions, reload] = useLoaded(() => fetchProgrammeVersions(props.programme.id));
  const heading = `${props.programme.id}-versions`;
  return (
    <section aria-labelledby={heading}>
      <h3 class="nhsuk-heading-s" id={heading}>
        Version history
        <span class="nhsuk-u-visually-hidden">{` of ${props.programme.name}`}</span>
      </h3>
      <p class="nhsuk-body" data-testid="versions-note">
        Tablets get a new version on their next sync. Checks already made keep the version they used.
      </p>
      {versions.state === 'loading' ? <Loading what="version history" /> : null}
      {versions.state === 'failed' ? (
        <LoadFailed what="version history" message={versions.message} onRetry={() => void reload()} />
      ) : null}
      {versions.state === 'ready' ? (
        <div class="nhsuk-table-container">
          <table class="nhsuk-table" data-testid={`versions-${props.programme.id}`}>
            <caption class="nhsuk-u-visually-hidden">{`Versions of the ${props.programme.name} settings`}</caption>
            <thead class="nhsuk-table__head">
              <tr class="nhsuk-table__row">
                <th scope="col" class="nhsuk-table__header">
                  Version
                </th>
                <th scope="col" class="nhsuk-table__header">
                  Saved
                </th>
                <th scope="col" class="nhsuk-table__header">
                  By
                </th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              {versions.value.versions.map((version) => (
                <tr class="nhsuk-table__row" key={version.version}>
                  <td class="nhsuk-table__cell">{version.version}</td>
                  <td class="nhsuk-table__cell">{formatDateTime(version.savedAt)}</td>
                  <td class="nhsuk-table__cell">
                    {version.savedBy === null
                      ? 'Set up with the service'
                      : props.savedByName(version.savedBy)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ProgrammeForm(props: {
  programme: Programme;
  errors: FieldErrors;
  conflict: boolean;
  onProblem: (errors: FieldErrors, conflict: boolean) => void;
  onSaved: (saved: Programme) => void;
  onReload: () => void;
  savedByName: SavedByName;
}) {
  const { programme, errors } = props;
  const [typed, setTyped] = useState<TypedSettings>(() => typedFrom(programme));
  const [pending, setPending] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);

  async function submit(event: Event) {
    event.preventDefault();
    const read = readSettings(programme, typed);
    if ('errors' in read) return props.onProblem(read.errors, false);
    props.onProblem({}, false);
    setPending(true);
    try {
      const saved = await saveProgramme(read.settings);
      setHistoryKey((key) => key + 1);
      props.onSaved(saved);
    } catch (error) {
      if (error instanceof ConsoleError && error.code === 'version-conflict') {
        props.onProblem(
          {
            [FORM_PROBLEM]: `Someone else saved the ${programme.name} settings first. Reload the settings to see theirs, then make your changes again.`,
          },
          true,
        );
      } else if (error instanceof ConsoleError && error.status === 400) {
        const found = serverIssues(error, (path) => {
          const key = path.split('.')[0] ?? '';
          return fieldOrder(programme).includes(fieldId(programme.id, key))
            ? fieldId(programme.id, key)
            : null;
        });
        props.onProblem(Object.keys(found).length > 0 ? found : { [FORM_PROBLEM]: error.message }, false);
      } else props.onProblem({ [FORM_PROBLEM]: problemText(error) }, false);
    } finally {
      setPending(false);
    }
  }

  const heading = `${programme.id}-heading`;
  return (
    <section aria-labelledby={heading} class="nhsuk-u-margin-bottom-8">
      <h2 class="nhsuk-heading-m" id={heading}>
        {programme.name}
        <span class="nhsuk-caption-m">{`Version ${programme.version}`}</span>
      </h2>
      <form onSubmit={submit} noValidate aria-labelledby={heading}>
        {fieldsOf(programme).map((field, index) => (
          <Fragment key={field.key}>
            {programme.kind === 'resident' && index === 2 ? (
              <Checkboxes
                id={fieldId(programme.id, STATUSES_FIELD)}
                name={fieldId(programme.id, STATUSES_FIELD)}
                legend="Employment statuses that are eligible"
                hint="Select all that apply"
                options={EMPLOYMENT_STATUSES}
                value={typed.statuses}
                onValue={(statuses) => setTyped({ ...typed, statuses })}
                error={errors[fieldId(programme.id, STATUSES_FIELD)]}
              />
            ) : null}
            <TextInput
              id={fieldId(programme.id, field.key)}
              label={field.label}
              hint={field.hint}
              value={typed.numbers[field.key] ?? ''}
              onValue={(value) => setTyped({ ...typed, numbers: { ...typed.numbers, [field.key]: value } })}
              error={errors[fieldId(programme.id, field.key)]}
              inputMode={field.money ? 'decimal' : 'numeric'}
              prefix={field.money ? '£' : undefined}
              widthClass={field.money ? 'nhsuk-input--width-10' : 'nhsuk-input--width-4'}
              autocomplete="off"
            />
          </Fragment>
        ))}
        {programme.kind === 'grant' ? (
          <>
            <InsetText>
              Rounds (when applications open and close, the spending window and each round’s pot) are opened
              on the grant pot page.
            </InsetText>
            <p class="nhsuk-body app-standalone-link">
              <Link href={POT_PAGE_PATH}>Go to the grant pot and its rounds</Link>
            </p>
          </>
        ) : null}
        {props.conflict ? (
          <Button variant="secondary" onClick={props.onReload}>
            Reload the settings
          </Button>
        ) : null}
        <Button type="submit" disabled={pending}>
          {`Save the ${programme.name} settings`}
        </Button>
      </form>
      <VersionHistory key={historyKey} programme={programme} savedByName={props.savedByName} />
    </section>
  );
}

/** Account id → username, for the version history; empty when the accounts cannot be read (ids are shown then). */
async function loadUsernames(): Promise<Map<string, string>> {
  try {
    return new Map((await fetchAccounts()).accounts.map((account) => [account.id, account.username]));
  } catch {
    return new Map();
  }
}

export function SettingsPage() {
  const [loaded, reload] = useLoaded(fetchProgrammes);
  const [usernames] = useLoaded(loadUsernames);
  const savedByName: SavedByName = (savedBy) =>
    (usernames.state === 'ready' ? usernames.value.get(savedBy) : undefined) ?? savedBy;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<Programme | null>(null);
  const programmes = loaded.state === 'ready' ? loaded.value : [];
  const order = programmes.flatMap(fieldOrder);
  const summary = problem ? summaryItems(problem.errors, order) : [];

  return (
    <Page title="Programme settings" hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      {saved ? (
        <NotificationBanner success title="Settings saved">
          <p class="nhsuk-notification-banner__heading">{`${saved.name}: version ${saved.version} saved.`}</p>
          <p class="nhsuk-body">
            Tablets get it on their next sync. Checks already made keep the version they used.
          </p>
        </NotificationBanner>
      ) : null}
      {loaded.state === 'loading' ? <Loading what="programme settings" /> : null}
      {loaded.state === 'failed' ? (
        <LoadFailed what="programme settings" message={loaded.message} onRetry={() => void reload()} />
      ) : null}
      {programmes.map((programme) => (
        <ProgrammeForm
          // A new version (saved here, or reloaded after a conflict) starts the form afresh from it.
          key={`${programme.id}-${programme.version}`}
          programme={programme}
          errors={problem?.programmeId === programme.id ? problem.errors : {}}
          conflict={problem?.programmeId === programme.id && problem.conflict}
          onProblem={(errors, conflict) => {
            setProblem(
              Object.keys(errors).length > 0 ? { programmeId: programme.id, errors, conflict } : null,
            );
            if (Object.keys(errors).length > 0) setSaved(null);
          }}
          onSaved={(next) => {
            setSaved(next);
            void reload();
          }}
          savedByName={savedByName}
          onReload={() => {
            setProblem(null);
            void reload();
          }}
        />
      ))}
    </Page>
  );
}
