// The shape every benchmark reports, and how results are printed and written to bench-results/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export async function report(results: BenchResult[], directory: string): Promise<string> {
  const at = new Date().toISOString();
  const lines = results.map((r) => `${r.name}: ${r.value} ${r.unit}${r.note ? ` (${r.note})` : ''}`);
  console.log(`Anchor Outreach benchmarks, ${at}, Node ${process.version}`);
  for (const line of lines) console.log(`  ${line}`);
  await mkdir(directory, { recursive: true });
  const file = join(directory, 'latest.json');
  await writeFile(file, `${JSON.stringify({ at, node: process.version, results }, null, 2)}\n`);
  console.log(`Written to ${file}`);
  return file;
}
