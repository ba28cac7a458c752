// The auto-lock warning: a modal alert dialog counting down to the lock, with "Stay unlocked" focused.
import { useEffect, useRef } from 'preact/hooks';

export const lockCountdown = (seconds: number): string =>
  `This tablet will lock in ${seconds} ${seconds === 1 ? 'second' : 'seconds'} to keep residents’ details safe.`;

export function AutoLockWarning(props: { secondsLeft: number; onStay: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    button.current?.focus();
    // Back to where the worker was once the warning goes (Stay unlocked).
    return () => before?.focus?.();
  }, []);
  return (
    <div class="app-modal-backdrop">
      <div
        class="app-modal nhsuk-card"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="auto-lock-title"
        aria-describedby="auto-lock-countdown"
        onKeyDown={(event) => {
          // Its button is the only thing to press: Tab stays on it rather than leaving the dialog for the page.
          if (event.key === 'Tab') event.preventDefault();
          props.onStay();
        }}
        onPointerDown={props.onStay}
      >
        <div class="nhsuk-card__content">
          <h2 class="nhsuk-heading-m" id="auto-lock-title">
            Are you still using this tablet?
          </h2>
          <p class="nhsuk-body" id="auto-lock-countdown">
            {lockCountdown(props.secondsLeft)}
          </p>
          <button
            ref={button}
            type="button"
            class="nhsuk-button"
            data-module="nhsuk-button"
            onClick={props.onStay}
          >
            Stay unlocked
          </button>
        </div>
      </div>
    </div>
  );
}
