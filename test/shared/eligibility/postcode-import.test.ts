// The postcode directory import on the made-up fixtures in both CSV forms, and the compact lookup's search.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../../src/shared/eligibility/csv';
import { createPostcodeImporter, postcodeLookupFrom } from '../../../src/shared/eligibility/postcode-import';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../../src/shared/programmes';

const DISTRICTS = Object.keys(MID_AND_SOUTH_ESSEX_DISTRICTS);
const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures/postcodes', name), 'utf8');

function importText(text: string) {
  const importer = createPostcodeImporter({ districtCodes: DISTRICTS });
  for (const line of text.split('\n')) importer.addLine(line);
  return importer.finish('v-test');
}

describe('postcode directory import', () => {
  it.each(['made-up-onspd.csv', 'made-up-pcd-oa21-lsoa21.csv'])(
    'reads %s: live postcodes in the nine districts only',
    (name) => {
      const { lookup, stats } = importText(fixture(name));
      expect(stats).toEqual({ rows: 7, kept: 4, terminated: 1, outsideArea: 1, invalid: 1 });
      expect(lookup.postcodes).toEqual(['RM17 9ZH', 'SS1 9ZA', 'SS2 9ZF', 'SS9 9ZB']);
      const find = postcodeLookupFrom(lookup).find;
      expect(find('SS1 9ZA')).toEqual({ lsoaCode: 'E01015842', districtCode: 'E06000033' });
      expect(find('RM17 9ZH')).toEqual({ lsoaCode: 'E01015929', districtCode: 'E06000034' });
      expect(find('SS2 9ZD')).toBeUndefined(); // terminated
      expect(find('NW1 9ZE')).toBeUndefined(); // outside Mid and South Essex
    },
  );

  it('finds postcodes however they are typed, and nothing for absent or invalid ones', () => {
    const lookup = postcodeLookupFrom(importText(fixture('made-up-onspd.csv')).lookup);
    expect(lookup.size).toBe(4);
    expect(lookup.version).toBe('v-test');
    for (const typed of ['ss19za', ' SS1  9za ', 'Ss1 9ZA'])
      expect(lookup.find(typed)?.lsoaCode).toBe('E01015842');
    for (const absent of ['SS1 9ZB', 'AA1 1AA', 'ZZ99 9ZZ', '', 'not a postcode'])
      expect(lookup.find(absent)).toBeUndefined();
  });

  it('finds every postcode in a large lookup by binary search', () => {
    const lines = ['pcds,doterm,lsoa21cd,ladcd'];
    const letters = 'ABDEFGHJLNPQRSTUWXYZ';
    for (let n = 0; n < 2000; n++)
      lines.push(
        `SS${1 + (n % 9)} ${n % 10}${letters[n % 20]}${letters[Math.floor(n / 20) % 20]},,E0101${String(5800 + (n % 100)).padStart(4, '0')},E06000033`,
      );
    const { lookup } = importText(lines.join('\n'));
    const search = postcodeLookupFrom(lookup);
    expect([...lookup.postcodes].sort()).toEqual(lookup.postcodes);
    for (const postcode of lookup.postcodes) expect(search.find(postcode)).toBeDefined();
  });

  it('keeps the last row for a postcode listed twice', () => {
    const { lookup } = importText(
      'pcds,lsoa21cd,ladcd\nSS1 9ZA,E01015842,E06000033\nSS1 9ZA,E01015820,E06000033',
    );
    expect(postcodeLookupFrom(lookup).find('SS1 9ZA')?.lsoaCode).toBe('E01015820');
  });

  it('refuses a file without the directory columns, saying which', () => {
    const importer = createPostcodeImporter({ districtCodes: DISTRICTS });
    expect(() => importer.addLine('postcode,ward')).toThrow(
      /missing an LSOA 2021 column .* and a local authority column/,
    );
    expect(() => createPostcodeImporter({ districtCodes: DISTRICTS }).finish('x')).toThrow(/empty/);
  });

  it('splits quoted CSV fields, doubled quotes and CRLF endings', () => {
    expect(splitCsvLine('"SS1 9ZA","a, b","say ""hi""",\r')).toEqual(['SS1 9ZA', 'a, b', 'say "hi"', '']);
  });
});
