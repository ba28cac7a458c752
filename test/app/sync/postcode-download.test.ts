// @vitest-environment node
// A sync run downloads the postcode lookup the central endpoint holds, once per version, and the eligibility
// data then finds postcodes offline; with none imported the tablet keeps working without one.
import { describe, expect, it } from 'vitest';
import { readPostcodeLookup } from '../../../src/app/db/reference';
import { runSync } from '../../../src/app/sync/engine';
import { importPostcodeFile } from '../../../src/server/db/postcode-lookup';
import { postcodeLookupFrom } from '../../../src/shared/eligibility/postcode-import';
import { useInProcessServer } from './support/in-process-server';

const harness = useInProcessServer();
const { requests } = harness;
const client = () => harness.client();

const downloads = () => requests.filter((path) => path.endsWith('/reference/postcode-lookup')).length;

describe('postcode lookup download', () => {
  it('does without a lookup while the server has none', async () => {
    expect(await runSync(client())).toMatchObject({ state: 'done' });
    expect(await readPostcodeLookup()).toBeUndefined();
    expect(downloads()).toBe(0);
  });

  it('downloads a new lookup once, and again only when its version changes', async () => {
    const { version } = await importPostcodeFile(
      harness.server.db,
      'test/fixtures/postcodes/made-up-onspd.csv',
    );
    expect(await runSync(client())).toMatchObject({ state: 'done' });
    const stored = await readPostcodeLookup();
    expect(stored?.version).toBe(version);
    expect(postcodeLookupFrom(stored as NonNullable<typeof stored>).find('ss1 9za')?.lsoaCode).toBe(
      'E01015842',
    );
    expect(downloads()).toBe(1);

    await runSync(client());
    expect(downloads()).toBe(1);
  });
});
