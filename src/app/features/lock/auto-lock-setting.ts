// How long the tablet may sit unused before it locks: the resident programme's `autoLockMinutes`, or the default.
import { useEffect, useState } from 'preact/hooks';
import { AUTO_LOCK_MINUTES_DEFAULT } from '../../../shared/auto-lock';
import { useLiveQuery } from '../../db/live-query';

type ReadProgrammes = typeof import('../../db/reference').readProgrammes;

/** The auto-lock period in minutes from the programme settings on this tablet (the default if unreadable). */
export async function readAutoLockMinutes(readProgrammes: ReadProgrammes): Promise<number> {
  try {
    return (await readProgrammes()).resident.autoLockMinutes ?? AUTO_LOCK_MINUTES_DEFAULT;
  } catch {
    return AUTO_LOCK_MINUTES_DEFAULT;
  }
}

/**
 * The auto-lock period, kept current as settings arrive. The programme settings' code (the reference store and the
 * programme schemas) loads after the first screen: the lock screen does not wait for it, and until it is read the
 * default applies. It is loaded before the live query starts, which then reads the store directly.
 */
export function useAutoLockMinutes(): number {
  const [read, setRead] = useState<{ readProgrammes: ReadProgrammes } | null>(null);
  useEffect(() => {
    let live = true;
    import('../../db/reference').then(
      (reference) => live && setRead({ readProgrammes: reference.readProgrammes }),
      () => undefined, // Its code could not load: the default stands.
    );
    return () => {
      live = false;
    };
  }, []);
  const minutes = useLiveQuery(
    () => (read ? readAutoLockMinutes(read.readProgrammes) : Promise.resolve(AUTO_LOCK_MINUTES_DEFAULT)),
    [read !== null],
  );
  return minutes.state === 'ready' ? minutes.value : AUTO_LOCK_MINUTES_DEFAULT;
}
