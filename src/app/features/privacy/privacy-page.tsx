// The privacy notice page (/privacy): the notice the consent page asks to be read, from the app bundle (offline
// too), with a way back to the sign-up that opened it.
import { BackLink } from '../../components/back-link';
import { InsetText } from '../../components/inset-text';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { useLocation } from '../../shell/router';
import { PRIVACY_NOTICE } from './privacy-notice';

/** Where "Back" goes: the sign-up page that linked here (only an in-app sign-up address), else home. */
export function returnHref(from: string | null): string | null {
  return from && /^\/signup\/[\w-]+\/[\w-]+$/.test(from) ? from : null;
}

/** The link to the notice from a sign-up page, coming back to it. */
export const privacyHref = (from: string) => `/privacy?from=${encodeURIComponent(from)}`;

export function PrivacyPage() {
  const { query } = useLocation();
  const back = returnHref(query.get('from'));
  const notice = PRIVACY_NOTICE;
  return (
    <>
      <BackLink href={back ?? '/'} text={back ? 'Back to the sign-up' : 'Back'} />
      <Page title={notice.title} caption={`Privacy notice version ${notice.version}`}>
        {notice.draft ? (
          <InsetText>
            Draft wording: to be approved by Mid and South Essex NHS Foundation Trust’s information governance
            team.
          </InsetText>
        ) : null}
        {notice.sections.map((section) => (
          <section key={section.heading}>
            <h2 class="nhsuk-heading-m">{section.heading}</h2>
            {section.paragraphs?.slice(0, section.list ? 1 : undefined).map((text) => (
              <p class="nhsuk-body" key={text}>
                {text}
              </p>
            ))}
            {section.list ? (
              <ul class="nhsuk-list nhsuk-list--bullet">
                {section.list.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            ) : null}
            {section.list
              ? section.paragraphs?.slice(1).map((text) => (
                  <p class="nhsuk-body" key={text}>
                    {text}
                  </p>
                ))
              : null}
          </section>
        ))}
        {back ? (
          <p class="nhsuk-body app-standalone-link">
            <Link href={back}>Back to the sign-up</Link>
          </p>
        ) : null}
      </Page>
    </>
  );
}
