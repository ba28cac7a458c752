// Placeholder for the console's Programme settings page (written on another branch; replaced when merged).
import { Page } from '../../components/page';

export function SettingsPage() {
  return (
    <Page title="Programme settings">
      <p class="nhsuk-body">Coming soon.</p>
    </Page>
  );
}
