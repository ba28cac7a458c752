// Choosing the resident's neighbourhood (LSOA 2021) from a list grouped by district and filtered by district and
// name, when their postcode is not in the lookup on this tablet, no lookup is loaded yet, or they do not know it;
// a postcode plainly outside Mid and South Essex is told so instead.
import { useMemo, useState } from 'preact/hooks';
import * as v from 'valibot';
import type { Area, AreaData } from '../../../shared/eligibility/area-data';
import { NeighbourhoodSchema } from '../../../shared/eligibility/check-pages';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';
import { ErrorSummary } from '../../components/error-summary';
import { InsetText } from '../../components/inset-text';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { TextInput } from '../../components/text-input';
import { useLiveQuery } from '../../db/live-query';
import { readSession } from '../../db/session';
import { formatDateTime } from '../../shell/format';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { type CheckRecord, type ResidentCheck, saveCheckAnswers } from './check-store';
import type { EligibilityData } from './eligibility-data';
import { checkHref } from './resident-check-pages';

const SHOWN = 25;

/**
 * The postcode areas (the letters before the first digit) that hold any part of Mid and South Essex's nine
 * districts: SS (Southend, Basildon, Castle Point, Rochford, Stanford-le-Hope), CM (Chelmsford, Brentwood,
 * Braintree, Maldon, Billericay), RM (Grays, Tilbury, Purfleet, South Ockendon), CO (Halstead, Coggeshall,
 * Tiptree) and CB (the Bumpsteads). A postcode in any other area is certainly outside. One in these areas may
 * still be outside (Romford RM1, Colchester CO1, Cambridge CB1, Harlow CM20): only a postcode lookup can tell.
 */
export const MID_AND_SOUTH_ESSEX_POSTCODE_AREAS: readonly string[] = ['SS', 'CM', 'RM', 'CO', 'CB'];

/** The postcode's area when it is certainly outside Mid and South Essex (e.g. "SW" for SW1A 1AA), else null. */
export function postcodeAreaOutside(postcode: string): string | null {
  const area = /^([A-Z]{1,2})\d/.exec(postcode.trim().toUpperCase())?.[1];
  return area && !MID_AND_SOUTH_ESSEX_POSTCODE_AREAS.includes(area) ? area : null;
}

/** Areas grouped by district (the programme's district first, then by name), each group's areas by name. */
export function groupByDistrict(
  data: AreaData,
  areas: readonly Area[],
  preferredDistrict: string,
): { districtCode: string; name: string; areas: Area[] }[] {
  const groups = new Map<string, Area[]>();
  for (const area of areas) groups.set(area.districtCode, [...(groups.get(area.districtCode) ?? []), area]);
  const name = (code: string) => data.districts[code] ?? code;
  return [...groups.entries()]
    .map(([districtCode, list]) => ({ districtCode, name: name(districtCode), areas: list }))
    .sort(
      (a, b) =>
        Number(b.districtCode === preferredDistrict) - Number(a.districtCode === preferredDistrict) ||
        a.name.localeCompare(b.name, 'en-GB'),
    );
}

/** Areas whose name, code or district contains every word typed; the programme's own district first. */
export function searchAreas(data: AreaData, query: string, preferredDistrict: string): Area[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = data.areas.filter((area) => {
    const text = `${area.name} ${area.code} ${data.districts[area.districtCode] ?? ''}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  return matches.sort(
    (a, b) =>
      Number(b.districtCode === preferredDistrict) - Number(a.districtCode === preferredDistrict) ||
      a.name.localeCompare(b.name, 'en-GB', { numeric: true }),
  );
}

/** What the tablet knows about getting a postcode lookup, for saying why there is none. */
export type LookupSituation = 'signed-out' | 'never-synced' | 'server-has-none';

/** Why the worker is choosing from the list (the postcode could not be matched), worded by the real situation. */
export function whyHere(
  payload: ResidentCheck,
  data: EligibilityData,
  situation: LookupSituation,
): string | null {
  const postcode = payload.answers.postcode;
  if (!postcode || payload.answers.pickedAreaCode) return null;
  if (!data.postcodes) {
    const start = `There is no postcode lookup on this tablet yet, so ${postcode} cannot be matched to a neighbourhood.`;
    if (situation === 'signed-out') return `${start} Sign in and sync while online to download it.`;
    if (situation === 'never-synced')
      return `${start} Sync while online (Sync now on the home page) to download it.`;
    const when = data.programmes.receivedAt
      ? ` (at the last sync, ${formatDateTime(data.programmes.receivedAt)})`
      : '';
    return `${start} The central team has not loaded one on the server yet${when}. Choose the neighbourhood from the list.`;
  }
  if (!data.postcodes.find(postcode)) return `${postcode} is not in the postcode lookup on this tablet.`;
  return null;
}

export function NeighbourhoodPage(props: {
  record: CheckRecord;
  payload: ResidentCheck;
  data: EligibilityData;
}) {
  const { record, payload, data } = props;
  const localAuthority = data.programmes.resident.localAuthorityCode;
  const [query, setQuery] = useState('');
  const [district, setDistrict] = useState('');
  const [chosen, setChosen] = useState(payload.answers.pickedAreaCode ?? '');
  const session = useLiveQuery(readSession, []);
  const outsideArea = payload.answers.pickedAreaCode
    ? null
    : postcodeAreaOutside(payload.answers.postcode ?? '');
  const [listAnyway, setListAnyway] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { pending, error: saveError, run } = useStoreAction();
  const matches = useMemo(
    () =>
      searchAreas(data.areas, query, localAuthority).filter(
        (area) => !district || area.districtCode === district,
      ),
    [data.areas, query, localAuthority, district],
  );
  const chosenArea = chosen ? data.areas.byCode.get(chosen) : undefined;
  // The chosen neighbourhood stays listed (first) even when a new search would not match it.
  const shown = [
    ...(chosenArea ? [chosenArea] : []),
    ...matches.filter((area) => area.code !== chosen),
  ].slice(0, SHOWN);
  const situation: LookupSituation =
    session.state === 'ready' && !session.value
      ? 'signed-out'
      : data.programmes.receivedAt
        ? 'server-has-none'
        : 'never-synced';
  const why = session.state === 'loading' ? null : whyHere(payload, data, situation);
  const groups = groupByDistrict(data.areas, shown, localAuthority);

  async function save(pickedAreaCode: string | undefined) {
    const saved = await run(() => saveCheckAnswers(record.id, { pickedAreaCode }, 'about'));
    if (saved) navigate(checkHref(record.id, 'about'));
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    const result = v.safeParse(NeighbourhoodSchema, { pickedAreaCode: chosen });
    if (!result.success) {
      setError(result.issues[0]?.message ?? 'Choose a neighbourhood');
      return;
    }
    setError(null);
    await save(result.output.pickedAreaCode);
  }

  const errors = [
    ...(saveError ? [{ text: saveError.message }] : []),
    ...(error ? [{ fieldId: 'pickedAreaCode', text: error }] : []),
  ];
  const label = (area: Area) => `${area.name} (${area.code})`;
  return (
    <>
      <BackLink href={checkHref(record.id, 'home')} />
      <Page title="Choose their neighbourhood" caption="Resident check" hasErrors={errors.length > 0}>
        <ErrorSummary errors={errors} />
        {outsideArea && !listAnyway ? (
          <>
            <InsetText>
              {payload.answers.postcode} is outside Mid and South Essex (postcode area {outsideArea}), so{' '}
              {data.programmes.resident.name} cannot use it. Check the postcode with the resident.
            </InsetText>
            <p class="nhsuk-body app-standalone-link">
              <Link href={checkHref(record.id, 'home')}>Change the postcode</Link>
            </p>
            <div class="nhsuk-button-group">
              <Button variant="secondary" onClick={() => setListAnyway(true)}>
                The postcode is right: choose their neighbourhood
              </Button>
              <Button variant="secondary" disabled={pending} onClick={() => save(undefined)}>
                Continue without a neighbourhood
              </Button>
            </div>
          </>
        ) : (
          <>
            {why ? <InsetText>{why}</InsetText> : null}
            <p class="nhsuk-body">
              Neighbourhoods are the Office for National Statistics’ areas (LSOAs) of about 1,500 people,
              named after their district, like Southend-on-Sea 014D. Ask the resident which street they live
              on if you are not sure, and find the area on a map of LSOAs.
            </p>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for="area-district">
                District
              </label>
              <select
                class="nhsuk-select"
                id="area-district"
                value={district}
                onChange={(event) => setDistrict((event.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">All nine districts</option>
                {Object.entries(data.areas.districts)
                  .sort(([, a], [, b]) => a.localeCompare(b, 'en-GB'))
                  .map(([code, name]) => (
                    <option key={code} value={code}>
                      {name}
                    </option>
                  ))}
              </select>
            </div>
            <div>
              <TextInput
                id="area-search"
                label="Search by name, code or district"
                hint="For example, Southend-on-Sea 014 or E01015842"
                value={query}
                onValue={setQuery}
                autocomplete="off"
                spellcheck={false}
                widthClass="nhsuk-u-width-two-thirds"
              />
            </div>
            <p class="nhsuk-body" aria-live="polite">
              {matches.length === 0
                ? 'No neighbourhoods match your search.'
                : matches.length > SHOWN
                  ? `Showing ${SHOWN} of ${matches.length} neighbourhoods. Choose a district or type more to narrow the list.`
                  : `${matches.length} ${matches.length === 1 ? 'neighbourhood matches' : 'neighbourhoods match'}.`}
            </p>
            <form onSubmit={onSubmit} noValidate>
              {groups.map((group, index) => (
                <Radios
                  key={group.districtCode}
                  id={index === 0 ? 'pickedAreaCode' : `pickedAreaCode-${group.districtCode}`}
                  name="pickedAreaCode"
                  legend={group.name}
                  options={group.areas.map((area) => ({ value: area.code, label: label(area) }))}
                  value={chosen}
                  error={index === 0 ? (error ?? undefined) : undefined}
                  onValue={setChosen}
                />
              ))}
              <div class="nhsuk-button-group">
                <Button type="submit" disabled={pending}>
                  Continue
                </Button>
                <Button variant="secondary" disabled={pending} onClick={() => save(undefined)}>
                  Continue without a neighbourhood
                </Button>
              </div>
            </form>
          </>
        )}
        <p class="nhsuk-body">Without a neighbourhood the check ends as “needs review”.</p>
      </Page>
    </>
  );
}
