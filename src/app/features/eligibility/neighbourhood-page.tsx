// Choosing the resident's neighbourhood (LSOA 2021) from a searchable list, when their postcode is not in the
// lookup on this tablet, no lookup is loaded yet, or they do not know it.
import { useMemo, useState } from 'preact/hooks';
import * as v from 'valibot';
import type { Area, AreaData } from '../../../shared/eligibility/area-data';
import { NeighbourhoodSchema } from '../../../shared/eligibility/check-pages';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';
import { ErrorSummary } from '../../components/error-summary';
import { InsetText } from '../../components/inset-text';
import { Page } from '../../components/page';
import { TextInput } from '../../components/text-input';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { type CheckRecord, type ResidentCheck, saveCheckAnswers } from './check-store';
import type { EligibilityData } from './eligibility-data';
import { checkHref } from './resident-check-pages';

const SHOWN = 25;

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

function whyHere(payload: ResidentCheck, data: EligibilityData): string | null {
  const postcode = payload.answers.postcode;
  if (!postcode || payload.answers.pickedAreaCode) return null;
  if (!data.postcodes)
    return `There is no postcode lookup on this tablet yet, so ${postcode} cannot be matched to a neighbourhood. Sign in and sync while online to download it.`;
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
  const [chosen, setChosen] = useState(payload.answers.pickedAreaCode ?? '');
  const [error, setError] = useState<string | null>(null);
  const { pending, error: saveError, run } = useStoreAction();
  const matches = useMemo(
    () => searchAreas(data.areas, query, localAuthority),
    [data.areas, query, localAuthority],
  );
  const chosenArea = chosen ? data.areas.byCode.get(chosen) : undefined;
  // The chosen neighbourhood stays listed (first) even when a new search would not match it.
  const shown = [
    ...(chosenArea ? [chosenArea] : []),
    ...matches.filter((area) => area.code !== chosen),
  ].slice(0, SHOWN);
  const why = whyHere(payload, data);

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
        {why ? <InsetText>{why}</InsetText> : null}
        <p class="nhsuk-body">
          Neighbourhoods are the Office for National Statistics’ areas (LSOAs) of about 1,500 people, named
          after their district, like Southend-on-Sea 014D. Ask the resident which street they live on if you
          are not sure, and find the area on a map of LSOAs.
        </p>
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
              ? `Showing ${SHOWN} of ${matches.length} neighbourhoods. Type more to narrow the list.`
              : `${matches.length} ${matches.length === 1 ? 'neighbourhood matches' : 'neighbourhoods match'}.`}
        </p>
        <form onSubmit={onSubmit} noValidate>
          {shown.length ? (
            <Radios
              id="pickedAreaCode"
              name="pickedAreaCode"
              legend="Neighbourhood"
              options={shown.map((area) => ({
                value: area.code,
                label: label(area),
                hint: data.areas.districts[area.districtCode],
              }))}
              value={chosen}
              error={error ?? undefined}
              onValue={setChosen}
            />
          ) : null}
          <div class="nhsuk-button-group">
            <Button type="submit" disabled={pending}>
              Continue
            </Button>
            <Button variant="secondary" disabled={pending} onClick={() => save(undefined)}>
              Continue without a neighbourhood
            </Button>
          </div>
        </form>
        <p class="nhsuk-body">Without a neighbourhood the check ends as “needs review”.</p>
      </Page>
    </>
  );
}
