// The shape every benchmark reports, and the report: printed, and written to bench-results/ as latest.json and a
// README.md table of every figure with its goal beside it, the machine, the date and the command.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** A figure's goal: met when `value <op> target` (e.g. `{ op: '<', target: 100 }` for "under 100 ms"). */
export interface Goal {
  op: '<' | '<=' | '>=' | '>';
  target: number;
}

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The issue's goal for this figure, where it has one. */
  goal?: Goal;
  note?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  /** 1, 5 and 15 minute load averages when the report was written. */
  loadAverage: number[];
  node: string;
  chromium: string;
}

export function goalMet(result: BenchResult): boolean | null {
  if (!result.goal) return null;
  const { op, target } = result.goal;
  const v = result.value;
  return op === '<' ? v < target : op === '<=' ? v <= target : op === '>=' ? v >= target : v > target;
}

const goalText = (goal: Goal, unit: string) =>
  `${goal.op.replace('<=', '≤').replace('>=', '≥')} ${goal.target} ${unit}`;

/** The Chromium the browser benchmarks drive (CHROME_PATH or Debian's), as it names itself. */
function chromiumVersion(): string {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return `unknown (${path} did not answer --version)`;
  }
}

export function describeMachine(): Machine {
  const gb = (bytes: number) => Math.round(bytes / 1e8) / 10;
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: gb(totalmem()),
    freeMemoryGb: gb(freemem()),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    node: process.version,
    chromium: chromiumVersion(),
  };
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** bench-results/README.md: every figure with its goal beside it, then the machine, the date and the command. */
export function markdownReport(
  results: BenchResult[],
  meta: { at: string; command: string; machine: Machine; durationS?: number },
): string {
  const rows = results.map((r) => {
    const met = goalMet(r);
    const goal = r.goal ? goalText(r.goal, r.unit) : '';
    const verdict = met === null ? '' : met ? 'met' : '**not met**';
    return `| ${cell(r.name)} | ${r.value} ${cell(r.unit)} | ${cell(goal)} | ${verdict} | ${cell(r.note ?? '')} |`;
  });
  const withGoal = results.filter((r) => r.goal);
  const met = withGoal.filter((r) => goalMet(r));
  const m = meta.machine;
  return [
    '# Anchor Outreach benchmark report',
    '',
    `Written by \`${meta.command}\` on ${meta.at}${meta.durationS ? ` (the benchmarks took ${Math.round(meta.durationS)} s)` : ''}.`,
    `${met.length} of ${withGoal.length} goals met. Browser figures are Chromium with the page's CPU slowed 4x (CDP) on a`,
    '820x1180 viewport unless the figure says otherwise; the machine is shared, so the load average matters.',
    '',
    '| Figure | Value | Goal | Met | Note |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores`,
    `- Memory: ${m.memoryGb} GB (${m.freeMemoryGb} GB free at the end)`,
    `- Load average at the end (1, 5, 15 min): ${m.loadAverage.join(', ')}`,
    `- Node ${m.node}; ${m.chromium}`,
    '',
  ].join('\n');
}

export async function report(
  results: BenchResult[],
  directory: string,
  options: { command?: string; durationS?: number } = {},
): Promise<string> {
  const at = new Date().toISOString();
  const command = options.command ?? 'npm run bench';
  const machine = describeMachine();
  console.log(`Anchor Outreach benchmarks, ${at}, Node ${process.version}`);
  for (const r of results) {
    const met = goalMet(r);
    const goal = r.goal ? ` [goal ${goalText(r.goal, r.unit)}: ${met ? 'met' : 'NOT met'}]` : '';
    console.log(`  ${r.name}: ${r.value} ${r.unit}${goal}${r.note ? ` (${r.note})` : ''}`);
  }
  await mkdir(directory, { recursive: true });
  const file = join(directory, 'latest.json');
  const json = {
    at,
    command,
    durationS: options.durationS,
    machine,
    node: process.version,
    results: results.map((r) => (r.goal ? { ...r, met: goalMet(r) } : r)),
  };
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(
    join(directory, 'README.md'),
    markdownReport(results, {
      at,
      command,
      machine,
      ...(options.durationS ? { durationS: options.durationS } : {}),
    }),
  );
  console.log(`Written to ${file} and ${join(directory, 'README.md')}`);
  return file;
}
