// The coordinator console's frame (any address under /coordinator): header "Anchor Outreach – coordinators" with
// its navigation and Sign out, the console's own sign-in (whenever there is no sign-in, keeping the address), a
// "needs a connection" page while offline, and ROUTES, each page loaded on first use. No tablet code: no Dexie.
import './console.css';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../../components/button';
import { Footer } from '../../components/footer';
import { Header } from '../../components/header';
import { Page } from '../../components/page';
import { Tag } from '../../components/tag';
import { type AppState, appState, useStore } from '../../shell/app-state';
import { lazy } from '../../shell/lazy';
import { Redirect } from '../../shell/redirect';
import { matchPath, useLocation } from '../../shell/router';
import { UpdateBanner } from '../../shell/update-banner';
import {
  type ConsoleSession,
  consoleRequest,
  consoleSessionStore,
  consoleSignOut,
} from '../../sync/console-client';
import { ConsoleSignIn } from './console-sign-in';

export const CONSOLE_ROOT = '/coordinator';
export const CONSOLE_SERVICE_NAME = 'Anchor Outreach – coordinators';

const RecordsPage = lazy(() => import('./records-page').then((m) => m.RecordsPage));
const RecordPage = lazy(() => import('./record-page').then((m) => m.RecordPage));
const ReachPage = lazy(() => import('./reach-page').then((m) => m.ReachPage));
const PotPage = lazy(() => import('./pot-page').then((m) => m.PotPage));
const SettingsPage = lazy(() => import('./settings-page').then((m) => m.SettingsPage));
const AccountsPage = lazy(() => import('./accounts-page').then((m) => m.AccountsPage));
const PostcodesPage = lazy(() => import('./postcodes-page').then((m) => m.PostcodesPage));

export const CONSOLE_NAVIGATION = [
  { href: `${CONSOLE_ROOT}/records`, text: 'Records' },
  { href: `${CONSOLE_ROOT}/reach`, text: 'Reach' },
  { href: `${CONSOLE_ROOT}/pot`, text: 'Grant pot' },
  { href: `${CONSOLE_ROOT}/settings`, text: 'Settings' },
  { href: `${CONSOLE_ROOT}/accounts`, text: 'Accounts' },
  { href: `${CONSOLE_ROOT}/postcodes`, text: 'Postcodes' },
];

interface ConsoleRoute {
  pattern: string;
  render: (params: Record<string, string>) => ComponentChildren;
}

/** Every console page by address; the first pattern that matches is shown. */
export const ROUTES: readonly ConsoleRoute[] = [
  { pattern: CONSOLE_ROOT, render: () => <Redirect to={`${CONSOLE_ROOT}/records`} /> },
  { pattern: `${CONSOLE_ROOT}/records`, render: () => <RecordsPage /> },
  { pattern: `${CONSOLE_ROOT}/records/:id`, render: (params) => <RecordPage id={params.id as string} /> },
  { pattern: `${CONSOLE_ROOT}/reach`, render: () => <ReachPage /> },
  { pattern: `${CONSOLE_ROOT}/pot`, render: () => <PotPage /> },
  { pattern: `${CONSOLE_ROOT}/settings`, render: () => <SettingsPage /> },
  { pattern: `${CONSOLE_ROOT}/accounts`, render: () => <AccountsPage /> },
  { pattern: `${CONSOLE_ROOT}/postcodes`, render: () => <PostcodesPage /> },
];

export const isConsolePath = (path: string): boolean =>
  path === CONSOLE_ROOT || path.startsWith(`${CONSOLE_ROOT}/`);

function consolePage(path: string): ComponentChildren {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return route.render(params);
  }
  return (
    <Page title="Page not found">
      <p class="nhsuk-body">There is no page at this address in the coordinator console.</p>
    </Page>
  );
}

const selectOnline = (state: AppState) => state.online;
const selectSession = (state: { session: ConsoleSession | null }) => state.session;

const isExpired = (session: ConsoleSession) => Date.parse(session.expiresAt) <= Date.now();

/** Ends the sign-in on the server too (best effort: the token is forgotten here whatever the answer). */
async function signOut(): Promise<void> {
  try {
    await consoleRequest('/auth/logout', { method: 'POST' });
  } catch {
    // Already ended, or no connection: the token expires on the server by itself.
  }
  consoleSignOut();
}

export function ConsoleApp() {
  const { path } = useLocation();
  const online = useStore(appState, selectOnline);
  const stored = useStore(consoleSessionStore, selectSession);
  const session = stored && !isExpired(stored) ? stored : null;
  // A sign-in that ended by itself (a 401, or its time ran out) rather than by Sign out: the page says so.
  const hadSession = useRef(session !== null);
  const signingOut = useRef(false);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    if (session) {
      hadSession.current = true;
      setExpired(false);
    } else if (hadSession.current) {
      hadSession.current = false;
      setExpired(!signingOut.current);
      signingOut.current = false;
    }
  }, [session]);
  useEffect(() => {
    if (stored && !session) consoleSignOut();
  }, [stored, session]);

  const screen = !online ? (
    <Page title="The console needs a connection">
      <p class="nhsuk-body">
        The coordinator console works online only: records, reviews and settings are read from and saved to
        the central service as you use them. Connect to the internet and this page will carry on.
      </p>
    </Page>
  ) : session ? (
    consolePage(path)
  ) : (
    <ConsoleSignIn expired={expired} />
  );

  return (
    <>
      <a class="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <Header
        serviceName={CONSOLE_SERVICE_NAME}
        homeHref={CONSOLE_ROOT}
        status={
          <span class="app-header-status">
            <span role="status" data-testid="connectivity">
              <Tag colour={online ? 'green' : 'grey'}>{online ? 'Online' : 'Offline'}</Tag>
            </span>
            {session ? (
              <span class="app-console-user" data-testid="console-user">
                {' '}
                Signed in as {session.user.username}
              </span>
            ) : null}
          </span>
        }
        actions={
          session ? (
            <Button
              variant="reverse"
              small
              onClick={() => {
                signingOut.current = true;
                void signOut();
              }}
            >
              Sign out
            </Button>
          ) : null
        }
        items={
          session
            ? CONSOLE_NAVIGATION.map((item) => ({
                ...item,
                current: path === item.href || path.startsWith(`${item.href}/`),
              }))
            : []
        }
      />
      <div class="nhsuk-width-container app-console">
        <main class="nhsuk-main-wrapper" id="maincontent">
          <UpdateBanner />
          {screen}
        </main>
      </div>
      <Footer
        links={[{ href: '/about', text: 'About Anchor Outreach' }]}
        meta="Mid and South Essex NHS Foundation Trust – Southend 2050 Ambition"
      />
    </>
  );
}
