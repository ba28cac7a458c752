// About: what Anchor Outreach is, who runs it, the version, and the licences of the data it ships.
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';

export function AboutPage() {
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
    </Page>
  );
}
