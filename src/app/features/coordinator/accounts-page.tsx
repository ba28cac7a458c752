// The accounts page: every account with its role, whether it is active, and each tablet it used (last contact and
// records still unsent there); creating an account; and, per account, disabling or enabling it (after a
// confirmation step) and resetting its password.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountSummary, DeviceSummary } from '../../../shared/console';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';
import { ErrorSummary } from '../../components/error-summary';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { Tag } from '../../components/tag';
import { TextInput } from '../../components/text-input';
import { useStore } from '../../shell/app-state';
import { formatDateTime } from '../../shell/format';
import { createAccount, fetchAccounts, resetPassword, setAccountEnabled } from '../../sync/console/accounts';
import { ConsoleError, type ConsoleSession, consoleSessionStore } from '../../sync/console-client';
import {
  CREATE_FIELD_FOR,
  CREATE_FIELDS,
  RESET_FIELD,
  readNewAccount,
  readNewPassword,
} from './admin/account-forms';
import { type FieldErrors, FORM_PROBLEM, problemText, serverIssues, summaryItems } from './admin/form-errors';
import { formatCount } from './admin/format';
import { LoadFailed, Loading } from './admin/load-state';
import { useLoaded } from './admin/use-loaded';

const ROLE_OPTIONS = [
  {
    value: 'worker',
    label: 'Outreach worker',
    hint: 'Uses the tablet screens: sign-ups, checks, grant forms',
  },
  {
    value: 'coordinator',
    label: 'Coordinator',
    hint: 'Uses this console: review, reach, settings, accounts',
  },
] as const;

const roleText = (role: AccountSummary['role']) => (role === 'worker' ? 'Outreach worker' : 'Coordinator');

/** The first part of a tablet's id: enough to tell a worker's tablets apart. */
const TABLET_ID_SHOWN = 8;

type Action = { kind: 'disable' | 'enable' | 'reset'; account: AccountSummary };

function deviceText(device: DeviceSummary): string {
  const contact = device.lastContactAt
    ? `last contact ${formatDateTime(device.lastContactAt)}`
    : 'no contact since its first sign-in';
  const unsent =
    device.pendingCount === null
      ? 'unsent records not reported'
      : `${formatCount(device.pendingCount)} unsent ${device.pendingCount === 1 ? 'record' : 'records'}`;
  return `Tablet ${device.deviceId.slice(0, TABLET_ID_SHOWN)}: ${contact}, ${unsent}`;
}

function Devices(props: { devices: DeviceSummary[] }) {
  if (props.devices.length === 0) return <>No tablet yet</>;
  return (
    <ul class="nhsuk-list nhsuk-u-margin-bottom-0">
      {props.devices.map((device) => (
        <li key={device.deviceId} class="nhsuk-body-s nhsuk-u-margin-bottom-1">
          {deviceText(device)}
        </li>
      ))}
    </ul>
  );
}

function AccountsTable(props: {
  accounts: AccountSummary[];
  /** The signed-in coordinator's account: it cannot disable itself (the server refuses it too). */
  ownId: string | null;
  onAction: (action: Action) => void;
}) {
  return (
    <div class="nhsuk-table-container">
      <table class="nhsuk-table" data-testid="accounts">
        <caption class="nhsuk-table__caption nhsuk-table__caption--m">Accounts</caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th scope="col" class="nhsuk-table__header">
              Username
            </th>
            <th scope="col" class="nhsuk-table__header">
              Role
            </th>
            <th scope="col" class="nhsuk-table__header">
              Status
            </th>
            <th scope="col" class="nhsuk-table__header">
              Tablets
            </th>
            <th scope="col" class="nhsuk-table__header">
              <span class="nhsuk-u-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {props.accounts.map((account) => (
            <tr class="nhsuk-table__row" key={account.id} data-testid={`account-${account.username}`}>
              <th scope="row" class="nhsuk-table__header">
                {account.username}
                {account.id === props.ownId ? <span class="nhsuk-body-s"> (you)</span> : null}
              </th>
              <td class="nhsuk-table__cell">{roleText(account.role)}</td>
              <td class="nhsuk-table__cell">
                {account.disabledAt ? <Tag colour="grey">Disabled</Tag> : <Tag colour="green">Active</Tag>}
              </td>
              <td class="nhsuk-table__cell">
                <Devices devices={account.devices} />
              </td>
              <td class="nhsuk-table__cell">
                {account.id === props.ownId ? null : (
                  <>
                    <Button
                      variant="secondary"
                      small
                      onClick={() =>
                        props.onAction({ kind: account.disabledAt ? 'enable' : 'disable', account })
                      }
                    >
                      {account.disabledAt ? 'Enable' : 'Disable'}
                      <span class="nhsuk-u-visually-hidden"> {account.username}</span>
                    </Button>{' '}
                  </>
                )}
                <Button variant="secondary" small onClick={() => props.onAction({ kind: 'reset', account })}>
                  Reset password
                  <span class="nhsuk-u-visually-hidden"> of {account.username}</span>
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The confirmation step for disabling or enabling, or the new password form; takes focus when it opens. */
function ActionPanel(props: {
  action: Action;
  errors: FieldErrors;
  pending: boolean;
  onConfirm: (password: string) => void;
  onCancel: () => void;
}) {
  const { action } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const [password, setPassword] = useState('');
  const name = action.account.username;
  useEffect(() => heading.current?.focus(), [action.kind, action.account.id]);
  const title =
    action.kind === 'disable'
      ? `Disable ${name}?`
      : action.kind === 'enable'
        ? `Enable ${name}?`
        : `Reset the password of ${name}`;
  return (
    <section class="nhsuk-card" aria-labelledby="action-heading" data-testid="account-action">
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading nhsuk-heading-m" id="action-heading" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        {action.kind === 'disable' ? (
          <p class="nhsuk-body">
            {`${name} will not be able to sign in, and their sign-ins stop working at once. At each tablet's next sync it removes their sent records and keeps any unsent ones sealed until the account is enabled again.`}
          </p>
        ) : null}
        {action.kind === 'enable' ? (
          <p class="nhsuk-body">
            {`${name} will be able to sign in again. Sign-ins ended when the account was disabled stay ended: they sign in afresh.`}
          </p>
        ) : null}
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            props.onConfirm(password);
          }}
        >
          {action.kind === 'reset' ? (
            <TextInput
              id={RESET_FIELD}
              label="New password"
              hint="At least 12 characters. Tell them it in person or by phone."
              type="password"
              autocomplete="new-password"
              value={password}
              onValue={setPassword}
              error={props.errors[RESET_FIELD]}
            />
          ) : null}
          <Button
            type="submit"
            variant={action.kind === 'disable' ? 'warning' : 'primary'}
            disabled={props.pending}
          >
            {action.kind === 'disable'
              ? `Yes, disable ${name}`
              : action.kind === 'enable'
                ? `Yes, enable ${name}`
                : 'Set the new password'}
          </Button>{' '}
          <Button variant="secondary" onClick={props.onCancel}>
            Cancel
          </Button>
        </form>
      </div>
    </section>
  );
}

function CreateAccountForm(props: {
  errors: FieldErrors;
  onErrors: (errors: FieldErrors) => void;
  onCreated: (username: string) => void;
}) {
  const [typed, setTyped] = useState({ username: '', role: '', password: '' });
  const [pending, setPending] = useState(false);
  const { errors } = props;

  async function submit(event: Event) {
    event.preventDefault();
    const read = readNewAccount(typed);
    if ('errors' in read) return props.onErrors(read.errors);
    props.onErrors({});
    setPending(true);
    try {
      await createAccount(read.request);
      setTyped({ username: '', role: '', password: '' });
      props.onCreated(read.request.username);
    } catch (error) {
      if (error instanceof ConsoleError && error.code === 'account-exists') {
        props.onErrors({
          'new-username': `There is already an account called ${read.request.username}: choose another username`,
        });
      } else if (error instanceof ConsoleError && error.status === 400) {
        const found = serverIssues(error, (path) => CREATE_FIELD_FOR[path.split('.')[0] ?? ''] ?? null);
        props.onErrors(Object.keys(found).length > 0 ? found : { [FORM_PROBLEM]: error.message });
      } else props.onErrors({ [FORM_PROBLEM]: problemText(error) });
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="create-heading">
      <h2 class="nhsuk-heading-m" id="create-heading">
        Create an account
      </h2>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="new-username"
          label="Username"
          hint="Lower-case letters, digits, dots, hyphens or underscores, for example j.smith"
          value={typed.username}
          onValue={(username) => setTyped({ ...typed, username })}
          error={errors['new-username']}
          autocomplete="off"
          spellcheck={false}
          autoCapitalize="none"
          widthClass="nhsuk-input--width-20"
        />
        <Radios
          id="new-role"
          name="new-role"
          legend="Role"
          options={ROLE_OPTIONS}
          value={typed.role}
          onValue={(role) => setTyped({ ...typed, role })}
          error={errors['new-role']}
        />
        <TextInput
          id="new-password"
          label="Password"
          hint="At least 12 characters. Tell the new user it in person or by phone."
          type="password"
          autocomplete="new-password"
          value={typed.password}
          onValue={(password) => setTyped({ ...typed, password })}
          error={errors['new-password']}
        />
        <Button type="submit" disabled={pending}>
          Create the account
        </Button>
      </form>
    </section>
  );
}

const selectOwnId = (state: { session: ConsoleSession | null }) => state.session?.user.id ?? null;

export function AccountsPage() {
  const [loaded, reload] = useLoaded(fetchAccounts);
  const ownId = useStore(consoleSessionStore, selectOwnId);
  const [createErrors, setCreateErrors] = useState<FieldErrors>({});
  const [actionErrors, setActionErrors] = useState<FieldErrors>({});
  const [action, setAction] = useState<Action | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const summary = [
    ...summaryItems(actionErrors, [RESET_FIELD]),
    ...summaryItems(createErrors, CREATE_FIELDS),
  ];

  const choose = (next: Action | null) => {
    setAction(next);
    setActionErrors({});
    setDone(null);
  };

  async function confirm(password: string) {
    if (!action) return;
    const { account } = action;
    let doneText: string;
    if (action.kind === 'reset') {
      const read = readNewPassword(password);
      if ('errors' in read) return setActionErrors(read.errors);
      doneText = `The password of ${account.username} is reset.`;
    } else {
      doneText = `${account.username} is ${action.kind === 'disable' ? 'disabled' : 'enabled'}.`;
    }
    setActionErrors({});
    setCreateErrors({});
    setPending(true);
    try {
      if (action.kind === 'reset') await resetPassword(account.id, password);
      else await setAccountEnabled(account.id, action.kind === 'enable');
      setAction(null);
      setDone(doneText);
      await reload();
    } catch (error) {
      setActionErrors(
        action.kind === 'reset' && error instanceof ConsoleError && error.status === 400
          ? { [RESET_FIELD]: error.message }
          : { [FORM_PROBLEM]: problemText(error) },
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <Page title="Accounts" hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      {done ? (
        <NotificationBanner success title="Done">
          <p class="nhsuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      ) : null}
      {action ? (
        <ActionPanel
          action={action}
          errors={actionErrors}
          pending={pending}
          onConfirm={(password) => void confirm(password)}
          onCancel={() => choose(null)}
        />
      ) : null}
      {loaded.state === 'loading' ? <Loading what="accounts" /> : null}
      {loaded.state === 'failed' ? (
        <LoadFailed what="accounts" message={loaded.message} onRetry={() => void reload()} />
      ) : null}
      {loaded.state === 'ready' ? (
        loaded.value.accounts.length === 0 ? (
          <p class="nhsuk-body">There are no accounts yet.</p>
        ) : (
          <AccountsTable accounts={loaded.value.accounts} ownId={ownId} onAction={choose} />
        )
      ) : null}
      <CreateAccountForm
        errors={createErrors}
        onErrors={(errors) => {
          setCreateErrors(errors);
          if (Object.keys(errors).length > 0) {
            setActionErrors({});
            setDone(null);
          }
        }}
        onCreated={(username) => {
          setDone(`The account ${username} is created. They can sign in now.`);
          void reload();
        }}
      />
    </Page>
  );
}
