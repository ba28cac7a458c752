// Placeholder for the console's Reach page (written on another branch; replaced when merged).
import { Page } from '../../components/page';

export function ReachPage() {
  return (
    <Page title="Reach">
      <p class="nhsuk-body">Coming soon.</p>
    </Page>
  );
}
