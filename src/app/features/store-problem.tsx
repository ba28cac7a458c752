// StoreProblem: shows a failure of the on-device store to the worker in plain English.
import { ErrorSummary } from '../components/error-summary';
import type { StoreError } from '../db/errors';

export function StoreProblem(props: { error: StoreError }) {
  return <ErrorSummary errors={[{ text: props.error.message }]} />;
}
