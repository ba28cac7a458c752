// Placeholder for the console's Grant pot page (written on another branch; replaced when merged).
import { Page } from '../../components/page';

export function PotPage() {
  return (
    <Page title="Grant pot">
      <p class="nhsuk-body">Coming soon.</p>
    </Page>
  );
}
