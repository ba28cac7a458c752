// Placeholder for the console's Accounts page (written on another branch; replaced when merged).
import { Page } from '../../components/page';

export function AccountsPage() {
  return (
    <Page title="Accounts">
      <p class="nhsuk-body">Coming soon.</p>
    </Page>
  );
}
