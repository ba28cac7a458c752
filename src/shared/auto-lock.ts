// The auto-lock default, apart from the programme schemas so the tablet's start-up code need not load them.

/** Minutes a shared tablet may sit unused before it locks, when the programme does not say. */
export const AUTO_LOCK_MINUTES_DEFAULT = 5;
