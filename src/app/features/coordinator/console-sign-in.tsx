// The coordinator console's sign-in page: username and password, online. A worker's account is told the console is
// for coordinators; the address stays, so the page that asked for a sign-in comes back once signed in.
import { useState } from 'preact/hooks';
import { Button } from '../../components/button';
import { type ErrorItem, ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { TextInput } from '../../components/text-input';
import { ConsoleError, consoleSignIn } from '../../sync/console-client';

const WRONG_PASSWORD = 'The username or password is not right.';

function messageOf(error: unknown): string {
  if (error instanceof ConsoleError)
    return error.code === 'invalid-credentials' ? WRONG_PASSWORD : error.message;
  return 'Signing in did not work. Try again.';
}

export function ConsoleSignIn(props: { expired?: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [pending, setPending] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const missing: ErrorItem[] = [
      ...(username.trim() ? [] : [{ fieldId: 'console-username', text: 'Enter your username' }]),
      ...(password ? [] : [{ fieldId: 'console-password', text: 'Enter your password' }]),
    ];
    setErrors(missing);
    if (missing.length) return;
    setPending(true);
    try {
      // Kept in the console's session store: the console frame shows the page at this address once it changes.
      await consoleSignIn(username.trim(), password);
    } catch (error) {
      setErrors([{ fieldId: 'console-password', text: messageOf(error) }]);
      setPassword('');
      setPending(false);
    }
  }

  const errorFor = (id: string) => errors.find((error) => error.fieldId === id)?.text;
  return (
    <Page title="Sign in to the coordinator console" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p class="nhsuk-body">
        {props.expired
          ? 'Your sign-in has ended. Sign in again to carry on where you were.'
          : 'The console is for the central team’s coordinators. Sign in with your coordinator account.'}
      </p>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="console-username"
          label="Username"
          value={username}
          onValue={setUsername}
          autocomplete="username"
          spellcheck={false}
          error={errorFor('console-username')}
        />
        <TextInput
          id="console-password"
          label="Password"
          type="password"
          value={password}
          onValue={setPassword}
          autocomplete="current-password"
          error={errorFor('console-password')}
        />
        <Button type="submit" disabled={pending}>
          Sign in
        </Button>
      </form>
    </Page>
  );
}
