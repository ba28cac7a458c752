// Typing on a question page kept in its draft as it changes (debounced, and at once when the tab is hidden or the
// page left), so a reload at any moment shows the page as it was; removed when Continue saves the page's answers.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RecordType } from '../../../shared/records';
import { StoreError } from '../../db/errors';
import { getRecord, updateRecord } from '../../db/records';
import type { FormValues } from './fields';

/** The payload key that holds the raw form values of the page last typed on and not yet continued from. */
export const TYPING_KEY = 'typing';

export interface Typing {
  /** The page's id within its flow (a sign-up page, a check step, a grant page). */
  page: string;
  /** The form's values as typed (date boxes, pounds as text), not validated. */
  values: FormValues;
}

/** Which draft, and which of its pages, a form's typing belongs to. */
export interface DraftPage {
  type: RecordType;
  id: string;
  page: string;
}

/** The FormPage `draft` prop for page `page` of a loaded record. */
export const draftPage = (
  record: { type: RecordType; id: string; payload: unknown },
  page: string,
): DraftPage & { payload: unknown } => ({ type: record.type, id: record.id, page, payload: record.payload });

/** How long after the last keystroke the typing is saved. */
export const TYPING_SAVE_DELAY_MS = 400;
/** How soon a refused save is tried again: after another tab's save (`stale`), and after other failures. */
const RETRY_STALE_MS = 1500;
const RETRY_OTHER_MS = 10_000;

type WithTyping = Record<string, unknown> & { [TYPING_KEY]?: Typing };

/** Each mounted page's flush (useDraftTyping registers it while its page is open). */
const openPages = new Set<() => Promise<void>>();

/**
 * Saves the typing of every open page now and waits for it, writes already in progress included: run before the
 * tablet locks (the worker's key goes, and nothing can be saved after). Never fails: a refused save leaves the
 * typing on screen, as any refused save does.
 */
export async function flushAllTyping(): Promise<void> {
  await Promise.all([...openPages].map((flush) => flush().catch(() => undefined)));
}

const typingOf = (payload: unknown): Typing | undefined => {
  const typing = (payload as WithTyping | null | undefined)?.[TYPING_KEY];
  return typing && typeof typing.page === 'string' && typeof typing.values === 'object' ? typing : undefined;
};

/** The typing saved for `page` in a payload, if the page was left (or the tab closed) before Continue. */
export function typingFor(payload: unknown, page: string): FormValues | undefined {
  const typing = typingOf(payload);
  return typing?.page === page ? typing.values : undefined;
}

/** A payload without its unsaved typing (what Continue or submitting leaves). */
export function withoutTyping<P>(payload: P): P {
  if (!typingOf(payload)) return payload;
  const { [TYPING_KEY]: _typing, ...rest } = payload as WithTyping;
  return rest as P;
}

/** A payload with `page`'s typing removed, leaving another page's typing as it is. */
export function withoutTypingFor<P>(payload: P, page: string): P {
  return typingOf(payload)?.page === page ? withoutTyping(payload) : payload;
}

/**
 * Writes a page's typing into its draft through the lifecycle's save (one transaction, merged into the latest
 * saved version). Only a draft: typing never moves a record that is waiting, sent or refused (saving one would
 * queue it again). Throws StoreError (`stale`, `quota`, ...).
 */
async function saveTyping(draft: DraftPage, values: FormValues): Promise<void> {
  const record = await getRecord(draft.type, draft.id);
  if (record?.status !== 'draft') return;
  const saved = typingOf(record.payload);
  if (saved?.page === draft.page && JSON.stringify(saved.values) === JSON.stringify(values)) return;
  await updateRecord<WithTyping>(draft.type, draft.id, (payload) => ({
    ...payload,
    [TYPING_KEY]: { page: draft.page, values },
  }));
}

/** Removes a page's typing from its draft once Continue has saved the page's answers (a no-op when none). */
export async function clearTyping(draft: DraftPage): Promise<void> {
  const record = await getRecord(draft.type, draft.id);
  if (record?.status !== 'draft' || typingOf(record.payload)?.page !== draft.page) return;
  await updateRecord<WithTyping>(draft.type, draft.id, (payload) => withoutTypingFor(payload, draft.page));
}

/**
 * Shows typing that reached the draft after the page opened (the page was left and reopened while its save was
 * still being written, or another tab saved it), unless typing on this screen has begun.
 */
export function useLateTyping(
  typed: FormValues | undefined,
  start: FormValues,
  setValues: (update: (current: FormValues) => FormValues) => void,
): void {
  const json = typed ? JSON.stringify(typed) : '';
  useEffect(() => {
    if (typed) setValues((current) => (current === start ? { ...start, ...typed } : current));
  }, [json]);
}

export interface DraftTyping {
  /** Whether what is on screen has not reached the tablet's store yet (for the unsaved-input guard). */
  unsaved: boolean;
  /** Before Continue saves: stops the pending save and waits for one in progress, so it cannot land after. */
  settle: () => Promise<void>;
  /** After Continue failed to save: saving the typing carries on. */
  resume: () => void;
  /** After Continue saved (and left the page): nothing more is saved for this page. */
  finish: () => void;
}

/**
 * Saves `values` into the draft `TYPING_SAVE_DELAY_MS` after they last changed, at once when the tab is hidden
 * (pagehide, visibilitychange) or the page is left, and tries again later when a save is refused (`stale`
 * after another tab's save, a full tablet): what is typed stays on screen and is never dropped. `start` is what
 * the page opened with (already in the store). With no draft (`null`) it does nothing.
 */
export function useDraftTyping(draft: DraftPage | null, values: FormValues, start: FormValues): DraftTyping {
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(start));
  const state = useRef({
    latest: values,
    saved: JSON.stringify(start),
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    writing: null as Promise<void> | null,
    again: false,
    finished: false,
  });
  const current = state.current;
  current.latest = values;
  const key = draft ? `${draft.type}/${draft.id}/${draft.page}` : '';
  const draftRef = useRef(draft);
  draftRef.current = draft;

  const schedule = (delay: number) => {
    clearTimeout(current.timer);
    current.timer = setTimeout(() => void flush(), delay);
  };

  async function flush(): Promise<void> {
    clearTimeout(current.timer);
    current.timer = undefined;
    const target = draftRef.current;
    if (!target || current.finished) return;
    if (current.writing) {
      current.again = true;
      return current.writing;
    }
    const values = current.latest;
    const json = JSON.stringify(values);
    if (json === current.saved) return;
    current.writing = (async () => {
      try {
        await saveTyping(target, values);
        current.saved = json;
        setSavedJson(json);
      } catch (error) {
        // Refused (another tab saved first, full tablet, storage closed): the typing stays on screen; try again later.
        const stale = error instanceof StoreError && error.kind === 'stale';
        if (!current.finished) schedule(stale ? RETRY_STALE_MS : RETRY_OTHER_MS);
      } finally {
        current.writing = null;
      }
      if (current.again) {
        current.again = false;
        await flush();
      }
    })();
    return current.writing;
  }

  const json = JSON.stringify(values);
  useEffect(() => {
    if (!key || current.finished) return;
    if (json === current.saved) {
      if (!current.writing) clearTimeout(current.timer);
      return;
    }
    schedule(TYPING_SAVE_DELAY_MS);
  }, [json, key]);

  useEffect(() => {
    if (!key) return;
    // The cleanup may run after a later paint (Preact defers it when the key changes): it holds its own targets.
    const win = window;
    const doc = document;
    const now = () => void flush();
    const onVisibility = () => {
      if (doc.visibilityState === 'hidden') now();
    };
    const registered = () => flush();
    openPages.add(registered);
    win.addEventListener('pagehide', now);
    doc.addEventListener('visibilitychange', onVisibility);
    return () => {
      openPages.delete(registered);
      win.removeEventListener('pagehide', now);
      doc.removeEventListener('visibilitychange', onVisibility);
      // Leaving the page in the app (Back, a link to the privacy notice): what was typed is kept.
      now();
    };
  }, [key]);

  return {
    unsaved: json !== savedJson && !current.finished,
    settle: async () => {
      clearTimeout(current.timer);
      current.timer = undefined;
      while (current.writing) await current.writing;
      clearTimeout(current.timer);
      current.timer = undefined;
    },
    resume: () => {
      if (!current.finished) schedule(TYPING_SAVE_DELAY_MS);
    },
    finish: () => {
      current.finished = true;
      clearTimeout(current.timer);
    },
  };
}
