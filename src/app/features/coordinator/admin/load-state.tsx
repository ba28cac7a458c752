// What an administration screen shows while its data loads, or when loading failed (with a way to try again).
import { Button } from '../../../components/button';
import { WarningCallout } from '../../../components/warning-callout';

export function Loading(props: { what: string }) {
  return (
    <p class="nhsuk-body" role="status">
      Loading {props.what}…
    </p>
  );
}

export function LoadFailed(props: { what: string; message: string; onRetry: () => void }) {
  return (
    <WarningCallout heading={`The ${props.what} could not be loaded`}>
      <p class="nhsuk-body">{props.message}</p>
      <Button variant="secondary" onClick={props.onRetry}>
        Try again
      </Button>
    </WarningCallout>
  );
}
