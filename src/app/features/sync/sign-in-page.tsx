// Sign in: once, online, at the start of a session; records made before it wait safely on the tablet, and the
// worker then chooses a passcode for unlocking offline if they need one (passcode-step.tsx), and is asked whether
// they are theirs (claim-step.tsx).
import { useState } from 'preact/hooks';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { TextInput } from '../../components/text-input';
import { countUnowned } from '../../db/records';
import { readSession } from '../../db/session';
import { navigate } from '../../shell/router';
import { AuthError, RequestRefusedError, RetryableError } from '../../sync/api-client';
import { signIn } from '../../sync/sync-service';
import { ClaimStep } from './claim-step';
import { PasscodeStep } from './passcode-step';

function messageOf(error: unknown): string {
  const wrong = 'The username or password is not right.';
  if (error instanceof AuthError) return wrong;
  if (error instanceof RequestRefusedError && error.code === 'invalid-credentials') return wrong;
  if (error instanceof RetryableError) {
    return 'Signing in needs a connection. Records you enter now are kept on this tablet; sign in when you are online.';
  }
  if (error instanceof RequestRefusedError && error.code === 'too-many-attempts') return error.message;
  return error instanceof Error ? error.message : 'Signing in did not work. Try again.';
}

export function SignInPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ fieldId?: string; text: string }[]>([]);
  const [pending, setPending] = useState(false);
  const [claim, setClaim] = useState<{ count: number; workerId: string } | null>(null);
  const [choosingPasscode, setChoosingPasscode] = useState(false);

  /** After signing in (and choosing a passcode): the claim question when unowned records exist, else home. */
  async function carryOn() {
    try {
      // Records made before anyone signed in: the worker is asked, every sign-in, until someone claims them.
      const [session, unowned] = await Promise.all([readSession(), countUnowned()]);
      if (session && unowned > 0) {
        setClaim({ count: unowned, workerId: session.user.id });
        return;
      }
      navigate('/');
    } catch {
      // Signed in; the tablet could not be read just now, so the question waits for the next sign-in.
      navigate('/');
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    const missing = [
      ...(username.trim() ? [] : [{ fieldId: 'username', text: 'Enter your username' }]),
      ...(password ? [] : [{ fieldId: 'password', text: 'Enter your password' }]),
    ];
    setErrors(missing);
    if (missing.length) return;
    setPending(true);
    let needsPasscode: boolean;
    try {
      ({ needsPasscode } = await signIn(username.trim(), password));
    } catch (error) {
      setErrors([{ fieldId: 'password', text: messageOf(error) }]);
      setPending(false);
      return;
    }
    setPassword('');
    if (needsPasscode) {
      setChoosingPasscode(true);
      setPending(false);
      return;
    }
    await carryOn();
    setPending(false);
  }

  if (claim) return <ClaimStep {...claim} onDone={() => navigate('/')} />;
  if (choosingPasscode) return <PasscodeStep onDone={() => void carryOn()} />;
  const errorFor = (id: string) => errors.find((error) => error.fieldId === id)?.text;
  return (
    <Page title="Sign in to send records" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p class="nhsuk-body">
        Sign in with the account the central team gave you. You only need a connection for this.
      </p>
      <form onSubmit={submit} noValidate>
        <TextInput
          id="username"
          label="Username"
          value={username}
          onValue={setUsername}
          autocomplete="username"
          spellcheck={false}
          error={errorFor('username')}
        />
        <TextInput
          id="password"
          label="Password"
          type="password"
          value={password}
          onValue={setPassword}
          autocomplete="current-password"
          error={errorFor('password')}
        />
        <Button type="submit" disabled={pending}>
          Sign in
        </Button>
      </form>
    </Page>
  );
}
