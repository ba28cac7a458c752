// About: what Anchor Outreach is, who runs it, the version, and the sources and licences of the data it uses.
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { useLiveQuery } from '../../db/live-query';
import { readPostcodeLookup } from '../../db/reference';

const OGL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

export function AboutPage() {
  const lookup = useLiveQuery(async () => {
    const stored = await readPostcodeLookup();
    return stored ? { version: stored.version, size: stored.postcodes.length } : null;
  }, []);
  return (
    <Page title="About Anchor Outreach">
      <p class="nhsuk-body">
        Anchor Outreach is used by Mid and South Essex NHS Foundation Trust outreach workers and South Essex
        Community Hub digital assistants to sign residents up for Southend 2050 Ambition, check their
        eligibility, and transcribe paper applications for the Mid and South Essex ICS micro-grant programme.
      </p>
      <p class="nhsuk-body">
        It works without a connection: records are kept on this tablet and sent to the central team whenever a
        connection is available.
      </p>
      <SummaryList
        rows={[
          { key: 'Version', value: import.meta.env.VITE_APP_VERSION ?? 'development' },
          { key: 'Built', value: import.meta.env.VITE_BUILD_TIME ?? 'not built' },
        ]}
      />
      <h2 class="nhsuk-heading-m">Data sources</h2>
      <h3 class="nhsuk-heading-s">Deprivation data</h3>
      <p class="nhsuk-body">
        Resident checks use the English Indices of Deprivation 2025, published by the Ministry of Housing,
        Communities and Local Government, for the neighbourhoods (LSOA 2021) of the nine Mid and South Essex
        districts. Deciles are national: decile 1 is the most deprived 10% of neighbourhoods in England.
      </p>
      <p class="nhsuk-body" id="ogl-attribution">
        Contains public sector information licensed under the Open Government Licence v3.0.
      </p>
      <p class="nhsuk-body app-standalone-link">
        <a class="nhsuk-link" href={OGL} rel="noreferrer">
          The Open Government Licence v3.0
        </a>
      </p>
      <h3 class="nhsuk-heading-s">Postcode lookup</h3>
      <p class="nhsuk-body">
        {lookup.state === 'ready' && lookup.value
          ? `This tablet has the postcode lookup ${lookup.value.version} (${lookup.value.size.toLocaleString('en-GB')} postcodes in Mid and South Essex), from the Office for National Statistics postcode directory.`
          : 'This tablet has no postcode lookup yet. It is downloaded from the central team when the tablet syncs; until then, choose a resident’s neighbourhood from the list.'}
      </p>
      <p class="nhsuk-body">
        Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS
        data © Crown copyright and database right. Contains Royal Mail data © Royal Mail copyright and
        database right.
      </p>
    </Page>
  );
}
