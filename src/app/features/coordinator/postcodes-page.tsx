// Placeholder for the console's Postcode lookup page (written on another branch; replaced when merged).
import { Page } from '../../components/page';

export function PostcodesPage() {
  return (
    <Page title="Postcode lookup">
      <p class="nhsuk-body">Coming soon.</p>
    </Page>
  );
}
