// Real Chromium against `npm start` behind a fault proxy, driven by a seed (printed; CHAOS_SEED=N replays it): 200
// records made online and offline by two workers on one tablet, through the pages and in bulk, while the network,
// the server and the pages misbehave; afterwards the server holds each record exactly once with its last content
// and the tablet lists every one as sent. `npm run soak -- --seed N --records M` runs the same scenario long.
import { describe, expect, it } from 'vitest';
import { seedFromEnvironment } from '../chaos/prng';
import { runChaosScenario } from '../chaos/scenario';

/** CI's size: the issue asks for at least 200 records. */
const CI_RECORDS = 200;

describe('seeded chaos in Chromium against npm start', () => {
  it(`loses and duplicates none of ${CI_RECORDS} records whatever the network, server and pages do`, {
    timeout: 300_000,
  }, async () => {
    const seed = seedFromEnvironment();
    console.log(`chaos: CHAOS_SEED=${seed}`);
    const summary = await runChaosScenario({
      seed,
      records: CI_RECORDS,
      log: (line) => console.log(`chaos: ${line}`),
    });
    console.log(`chaos: ${JSON.stringify(summary)}`);
    expect(summary.records).toBeGreaterThanOrEqual(CI_RECORDS);
    // The scenario did meet the faults it is about (a seed that met none would prove little).
    expect(Object.keys(summary.steps).length).toBeGreaterThan(5);
  });
});
