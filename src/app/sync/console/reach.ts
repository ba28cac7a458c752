// The reach figures from the central endpoint (GET /reach), through the console's one request function.
import type { ReachResponse } from '../../../shared/console';
import { consoleJson } from '../console-client';

export interface ReachDates {
  /** Inclusive UK dates (YYYY-MM-DD) the records were made on; either may be left out. */
  from?: string | undefined;
  to?: string | undefined;
}

/** Reads the figures for records made within the dates; a refusal is thrown as a ConsoleError. */
export function fetchReach(dates: ReachDates = {}): Promise<ReachResponse> {
  const query = new URLSearchParams();
  if (dates.from) query.set('from', dates.from);
  if (dates.to) query.set('to', dates.to);
  const search = query.toString();
  return consoleJson<ReachResponse>(`/reach${search ? `?${search}` : ''}`);
}
