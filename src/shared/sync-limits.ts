// Sync protocol limits the tablet's start-up code needs (the outbox), kept free of schemas so valibot stays out of it.

/**
 * Most changeIds one change may say it supersedes (37 bytes each on the wire): a tablet keeps the latest. Each is a
 * waiting change that a failed sync run had taken, or a push in flight carried, and the worker then edited, with no
 * answered push between; past this many, a change the server applied among the dropped ones shows as a conflict
 * for the worker to settle.
 */
export const SUPERSEDES_MAX = 32;
