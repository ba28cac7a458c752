// @vitest-environment node
// The tablet's start-up module graph (main.tsx and what it imports statically, not import()) stays free of the
// libraries that issue 15 moved out of start-up: valibot (schemas) loads with the screens and the sync code.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const ENTRY = join(ROOT, 'src/app/main.tsx');
/** Packages the start-up graph must not reach. */
const LATER_PACKAGES = ['valibot'];
/** Static imports and re-exports (`import type` and `export type` are erased; `import()` is lazy). */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

function resolveLocal(from: string, specifier: string): string | null {
  for (const extension of EXTENSIONS) {
    const candidate = resolve(dirname(from), specifier) + extension;
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // Not this extension: try the next.
    }
  }
  return null;
}

/** Every package the graph from `entry` imports statically, with the first module that imports it. */
function startUpPackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (!specifier || specifier.endsWith('.scss') || specifier.endsWith('.css')) continue;
      if (specifier.startsWith('.')) {
        const local = resolveLocal(file, specifier);
        if (local) queue.push(local);
        continue;
      }
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0];
      if (name && !packages.has(name)) packages.set(name, file.slice(ROOT.length + 1));
    }
  }
  return packages;
}

describe('the tablet start-up module graph', () => {
  it('reaches Dexie and Preact but not valibot, which loads with the screens that need it', () => {
    const packages = startUpPackages(ENTRY);
    // The walk itself works: it finds what start-up does need.
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['dexie', 'preact']));
    const reached = LATER_PACKAGES.filter((name) => packages.has(name)).map(
      (name) => `${name} (imported by ${packages.get(name)})`,
    );
    expect(reached).toEqual([]);
  });
});
