// Reads a V8 CPU profile (node --cpu-prof, or Chromium's Profiler domain) into where the time went: self time by
// package or source file, largest first.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  where: string;
  ms: number;
  percent: number;
}

/** "pglite", "drizzle-orm", "src/server/routes/sync.ts", "(garbage collector)", "(idle)"… */
function placeOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (inModules) return inModules[1] as string;
  const inProject = /\/(src\/.+|test\/.+|assets\/.+)$/.exec(frame.url.split('?')[0] as string);
  if (inProject) return inProject[1] as string;
  if (frame.url.startsWith('node:')) return 'node internals';
  return frame.url;
}

/** Self time by place, largest first, leaving out idle time; `top` entries and the rest summed as "other". */
export function summariseProfile(profile: CpuProfile, top = 8): TimeShare[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, placeOf(node.callFrame)]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const place = byNode.get(id) ?? '(unknown)';
    totals.set(place, (totals.get(place) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  totals.delete('(idle)');
  totals.delete('(program)');
  const all = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  const sum = all.reduce((total, [, ms]) => total + ms, 0) || 1;
  const shares = all.slice(0, top).map(([where, ms]) => ({ where, ms, percent: (100 * ms) / sum }));
  const rest = all.slice(top).reduce((total, [, ms]) => total + ms, 0);
  if (rest > 0) shares.push({ where: 'other', ms: rest, percent: (100 * rest) / sum });
  return shares;
}

/** The largest .cpuprofile in a folder (the server's own, ANCHOR_CPU_PROFILE), or null when none was written. */
export async function largestProfileIn(dir: string, waitMs = 15_000): Promise<CpuProfile | null> {
  // The server writes its profile after closing its database, which can outlast npm's own exit.
  let files: string[] = [];
  for (const until = Date.now() + waitMs; files.length === 0 && Date.now() < until; ) {
    files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
    if (files.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (files.length === 0) return null;
  const sized = await Promise.all(
    files.map(async (name) => ({ name, size: (await stat(join(dir, name))).size })),
  );
  const largest = sized.sort((a, b) => b.size - a.size)[0] as { name: string };
  return JSON.parse(await readFile(join(dir, largest.name), 'utf8')) as CpuProfile;
}

export const formatShares = (shares: TimeShare[]): string =>
  shares
    .map((share) => `${share.where} ${Math.round(share.ms)} ms (${share.percent.toFixed(0)}%)`)
    .join('; ');
