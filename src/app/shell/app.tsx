// The app shell: skip link, header with connectivity and Lock, update banner, the current screen (the lock screen
// while nobody is unlocked), the auto-lock warning, and the footer. Addresses under /coordinator are the coordinator
// console instead (its own lazy frame, online, without the tablet's lock or navigation).
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { isRecordType } from '../../shared/record-types';
import { Button } from '../components/button';
import { Footer } from '../components/footer';
import { Header } from '../components/header';
import { Page } from '../components/page';
import { keyringStore, type UnlockedWorker } from '../db/keyring';
import { useAutoLockMinutes } from '../features/lock/auto-lock-setting';
import { LockScreen } from '../features/lock/lock-screen';
import { lockTablet } from '../features/lock/lock-tablet';
import { useResidentRecordId } from '../features/signup/resident-mode';
import { whenControlled } from '../pwa/service-worker';
import { useStore } from './app-state';
import { useAutoLock } from './auto-lock';
import { AutoLockWarning } from './auto-lock-warning';
import { ConnectivityTag } from './connectivity-tag';
import { lazy, prefetchWhenIdle } from './lazy';
import { Redirect } from './redirect';
import { matchPath, useLocation } from './router';
import { UpdateBanner } from './update-banner';

/** A screen's code with the screens' stylesheet (styles/screens.scss), in place before the screen first renders. */
const withScreenStyles =
  <T,>(load: () => Promise<T>) =>
  () =>
    Promise.all([import('../styles/screens'), load()]).then(([, screen]) => screen);

// Screens beyond the shell load on first use, or while idle after the first screen (and are precached for
// offline use). Home and the records list come after unlocking, so the lock screen does not wait for their code
// (or the schemas they read).
// Home's sync panel is lazy in its turn: fetched along with Home, so Home shows it complete.
const HomePage = lazy(() =>
  import('../features/home/home-page').then((m) => {
    void m.SyncPanel.prefetch();
    return m.HomePage;
  }),
);
const RecordsPage = lazy(() => import('../features/on-this-tablet/records-page').then((m) => m.RecordsPage));
const AboutPage = lazy(
  withScreenStyles(() => import('../features/about/about-page').then((m) => m.AboutPage)),
);
const BackupPage = lazy(
  withScreenStyles(() => import('../features/backup/backup-page').then((m) => m.BackupPage)),
);
const RecordPage = lazy(
  withScreenStyles(() => import('../features/on-this-tablet/record-page').then((m) => m.RecordPage)),
);
const SignupStartPage = lazy(
  withScreenStyles(() => import('../features/signup/start-page').then((m) => m.SignupStartPage)),
);
const SignInPage = lazy(
  withScreenStyles(() => import('../features/sync/sign-in-page').then((m) => m.SignInPage)),
);
const CheckStartPage = lazy(
  withScreenStyles(() => import('../features/eligibility/check-start-page').then((m) => m.CheckStartPage)),
);
const CheckScreen = lazy(
  withScreenStyles(() => import('../features/eligibility/check-screen').then((m) => m.CheckScreen)),
);
const GrantStartPage = lazy(
  withScreenStyles(() => import('../features/grants/grant-start-page').then((m) => m.GrantStartPage)),
);
const GrantScreen = lazy(
  withScreenStyles(() => import('../features/grants/grant-screen').then((m) => m.GrantScreen)),
);
const PrivacyPage = lazy(
  withScreenStyles(() => import('../features/privacy/privacy-page').then((m) => m.PrivacyPage)),
);
const ClaimPage = lazy(
  withScreenStyles(() => import('../features/sync/claim-page').then((m) => m.ClaimPage)),
);
const SignupScreen = lazy(
  withScreenStyles(() => import('../features/signup/signup-screen').then((m) => m.SignupScreen)),
);
// Not precached on tablets (online only, see vite.config.ts CONSOLE_ONLY): offline its code cannot load.
const ConsoleApp = lazy(
  withScreenStyles(() => import('../features/coordinator/console-app').then((m) => m.ConsoleApp)),
  {
    couldNotLoad:
      'The coordinator console needs a connection. Connect to the internet, then reload this page.',
  },
);

/**
 * The tablet's lazy screens, fetched while idle after the first screen so a tap shows the next one at once; the
 * worker's most likely next steps first. Not the console: a tablet does not precache or open it.
 */
const TABLET_SCREENS = [
  HomePage,
  RecordsPage,
  SignupStartPage,
  SignupScreen,
  CheckStartPage,
  CheckScreen,
  GrantStartPage,
  GrantScreen,
  RecordPage,
  BackupPage,
  SignInPage,
  ClaimPage,
  AboutPage,
  PrivacyPage,
];

/** The coordinator console's addresses (kept here so the tablet's start-up code does not load the console's). */
export const isConsolePath = (path: string) => path === '/coordinator' || path.startsWith('/coordinator/');

const NAVIGATION = [
  { href: '/', text: 'Home' },
  { href: '/signup', text: 'Sign up' },
  { href: '/check', text: 'Check eligibility' },
  { href: '/grants', text: 'Grant applications' },
  { href: '/records', text: 'On this tablet' },
  { href: '/backup', text: 'Backup' },
  { href: '/about', text: 'About' },
];

function screenFor(path: string): ComponentChildren {
  if (matchPath('/', path)) return <HomePage />;
  if (matchPath('/signup', path)) return <SignupStartPage />;
  const signup = matchPath('/signup/:id/:step', path);
  if (signup) return <SignupScreen id={signup.id as string} step={signup.step as string} />;
  if (matchPath('/check', path)) return <CheckStartPage />;
  const check = matchPath('/check/:id/:step', path);
  if (check) return <CheckScreen id={check.id as string} step={check.step as string} />;
  if (matchPath('/grants', path)) return <GrantStartPage />;
  const photo = matchPath('/grants/:id/photo/:photoId', path);
  if (photo) return <GrantScreen id={photo.id as string} step="photo" photoId={photo.photoId as string} />;
  const grant = matchPath('/grants/:id/:step', path);
  if (grant) return <GrantScreen id={grant.id as string} step={grant.step as string} />;
  if (matchPath('/records', path)) return <RecordsPage />;
  const record = matchPath('/records/:type/:id', path);
  if (record && isRecordType(record.type)) return <RecordPage type={record.type} id={record.id as string} />;
  if (matchPath('/backup', path)) return <BackupPage />;
  if (matchPath('/about', path)) return <AboutPage />;
  if (matchPath('/privacy', path)) return <PrivacyPage />;
  if (matchPath('/sign-in', path)) return <SignInPage />;
  if (matchPath('/claim', path)) return <ClaimPage />;
  return (
    <Page title="Page not found">
      <p class="nhsuk-body">There is no page at this address in Anchor Outreach.</p>
    </Page>
  );
}

/** Pages anyone may open while the tablet is locked: signing in, and what the app is and does with data. */
const OPEN_WHILE_LOCKED = ['/sign-in', '/about', '/privacy'];
const isOpenWhileLocked = (path: string) => OPEN_WHILE_LOCKED.some((pattern) => matchPath(pattern, path));

const isCurrent = (href: string, path: string) => (href === '/' ? path === '/' : path.startsWith(href));

/** In resident mode only the resident's own sign-up can be shown; any other address leads back to it. */
function residentScreen(path: string, recordId: string): ComponentChildren {
  const signup = matchPath('/signup/:id/:step', path);
  if (signup?.id === recordId) return <SignupScreen id={recordId} step={signup.step as string} />;
  // The consent page's privacy notice, which the resident may read themselves.
  if (matchPath('/privacy', path)) return <PrivacyPage />;
  return <Redirect to={`/signup/${recordId}/name`} />;
}

const selectWorker = (state: { worker: UnlockedWorker | null }) => state.worker;

export function App() {
  const { path } = useLocation();
  const residentRecordId = useResidentRecordId();
  // Resident mode holds the tablet to the resident's sign-up: the console's address does not escape it.
  if (isConsolePath(path) && !residentRecordId) return <ConsoleApp />;
  return <TabletApp path={path} residentRecordId={residentRecordId} />;
}

function TabletApp(props: { path: string; residentRecordId: string | null }) {
  const { path, residentRecordId } = props;
  const locked = useStore(keyringStore, selectWorker) === null;
  const autoLock = useAutoLock(!locked, useAutoLockMinutes(), lockTablet);
  // Locked: the lock screen stands in for every screen but the open ones; the address stays, so the screen that
  // was open comes back after unlocking.
  const screen =
    locked && !isOpenWhileLocked(path) ? (
      <LockScreen />
    ) : residentRecordId && !locked ? (
      residentScreen(path, residentRecordId)
    ) : (
      screenFor(path)
    );
  const workerMode = !locked && !residentRecordId;
  // After the first screen has painted (effects run after it), the other screens' code loads while idle.
  useEffect(() => whenControlled(() => prefetchWhenIdle(TABLET_SCREENS)), []);
  // The frame fills the window and the screen's part grows, so the footer stands at the foot of the window from
  // the first paint: a screen filling in after it (the lock screen reading who may unlock, a lazy screen's code
  // arriving) adds content above the footer instead of pushing it down (layout shift).
  return (
    <>
      <div class="app-frame">
        <a class="nhsuk-skip-link" href="#maincontent">
          Skip to main content
        </a>
        <Header
          serviceName="Anchor Outreach"
          status={<ConnectivityTag />}
          actions={
            workerMode ? (
              <Button variant="reverse" small onClick={() => void lockTablet()}>
                Lock
              </Button>
            ) : null
          }
          items={
            workerMode ? NAVIGATION.map((item) => ({ ...item, current: isCurrent(item.href, path) })) : []
          }
        />
        <div class="app-frame__screen">
          <div class="nhsuk-width-container">
            <main class="nhsuk-main-wrapper" id="maincontent">
              {screen}
            </main>
          </div>
        </div>
        {autoLock.secondsLeft === null ? null : (
          <AutoLockWarning secondsLeft={autoLock.secondsLeft} onStay={autoLock.stay} />
        )}
        {residentRecordId ? null : (
          <Footer
            links={[
              { href: '/about', text: 'About Anchor Outreach' },
              { href: '/backup', text: 'Backup' },
            ]}
            meta="Mid and South Essex NHS Foundation Trust – Southend 2050 Ambition"
          />
        )}
      </div>
      {/* A new version can be found at any moment: its banner comes after the frame and sticks to the foot of the
        window, so it appears without moving anything on the screen. */}
      <UpdateBanner />
    </>
  );
}
