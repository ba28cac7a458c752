// Optional CPU profile of the running server (ANCHOR_CPU_PROFILE=<file>), for benchmarks: Node 20 refuses
// --cpu-prof in NODE_OPTIONS, and `npm start` runs the server under npm and tsx, so the server profiles itself.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** Starts profiling; the returned function stops and writes the profile to `file` (call it at shutdown). */
export async function startCpuProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}
