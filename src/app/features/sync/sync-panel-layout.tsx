// The sync panel's layout, with no sync code: the loaded panel fills it in, and the home page shows it with "…"
// values (SyncPanelPlaceholder) until the panel's code and figures arrive, so the page does not move when they do.
import type { ComponentChildren } from 'preact';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';

/** The signed-in worker's controls; without handlers (the placeholder) the buttons are disabled. */
export interface AccountControls {
  username: string;
  onSyncNow?: () => void;
  syncing?: boolean;
  removeSent?: string;
  onRemoveSent?: (value: string) => void;
  removeMissing?: boolean;
  onSignOut?: () => void;
  signingOut?: boolean;
  /** Why signing out was refused, under its button. */
  refusal?: ComponentChildren;
}

export function SyncPanelLayout(props: {
  /** Callouts above the state line: sign in, a refusal. */
  notices?: ComponentChildren;
  /** The state line; null while it is being read. */
  state: string | null;
  /** Progress, records nobody owns, records needing attention, retry and offline lines. */
  details?: ComponentChildren;
  /** The last good sync line; null while it is being read. */
  lastSync: string | null;
  account: AccountControls | null;
}) {
  const { account } = props;
  // The placeholder's choice does nothing: it stands for under a second, until the panel's code arrives.
  const ignore = () => {};
  return (
    <section aria-labelledby="sync-heading">
      <h2 class="nhsuk-heading-m" id="sync-heading">
        Sending to the central team
      </h2>
      {props.notices}
      {props.state === null ? (
        <p class="nhsuk-body">Checking what is waiting to be sent…</p>
      ) : (
        <p class="nhsuk-body" data-testid="sync-state" aria-live="polite">
          {props.state}
        </p>
      )}
      {props.details}
      {props.lastSync === null ? (
        <p class="nhsuk-body">Checking when records were last sent…</p>
      ) : (
        <p class="nhsuk-body" data-testid="last-sync">
          {props.lastSync}
        </p>
      )}
      {account ? (
        <>
          <Button
            variant="secondary"
            onClick={account.onSyncNow}
            disabled={!account.onSyncNow || account.syncing}
          >
            Sync now
          </Button>
          <p class="nhsuk-body">Signed in as {account.username}.</p>
          <Radios
            id="remove-sent"
            name="remove-sent"
            legend="Remove my sent records from this tablet"
            hint="Records the central team has are safe to remove. Records not sent yet always stay."
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            value={account.removeSent ?? ''}
            onValue={account.onRemoveSent ?? ignore}
            error={
              account.removeMissing
                ? 'Select yes if your sent records should be removed from this tablet'
                : undefined
            }
          />
          <Button
            variant="secondary"
            onClick={account.onSignOut}
            disabled={!account.onSignOut || account.signingOut}
          >
            Sign out
          </Button>
          {account.refusal}
        </>
      ) : null}
    </section>
  );
}

/**
 * The panel before its figures are read: a worker who unlocked the tablet is signed in on it (unlocking needs the
 * passcode chosen at an online sign-in), so their controls are laid out already, disabled.
 */
export function SyncPanelPlaceholder(props: { username: string | null }) {
  return (
    <SyncPanelLayout
      state={null}
      lastSync={null}
      account={props.username === null ? null : { username: props.username }}
    />
  );
}
