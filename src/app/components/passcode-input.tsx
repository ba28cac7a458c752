// PasscodeInput: the NHS.UK text input for a worker's digits-only passcode (hidden as typed, numeric keypad).
import { TextInput, type TextInputProps } from './text-input';

export interface PasscodeInputProps
  extends Pick<TextInputProps, 'id' | 'label' | 'hint' | 'value' | 'onValue' | 'error'> {
  /** `new-password` while choosing one, `current-password` when unlocking. */
  autocomplete: 'new-password' | 'current-password';
}

export function PasscodeInput(props: PasscodeInputProps) {
  return <TextInput {...props} type="password" inputMode="numeric" widthClass="nhsuk-input--width-10" />;
}
