// Reading the accounts page's forms with the contract's schemas: a new account and a new password, with messages
// next to the fields.
import * as v from 'valibot';
import {
  type CreateAccountRequest,
  CreateAccountRequestSchema,
  ResetPasswordRequestSchema,
} from '../../../../shared/console';
import type { FieldErrors } from './form-errors';

export const CREATE_FIELDS = ['new-username', 'new-role', 'new-password'] as const;
export const RESET_FIELD = 'reset-password';

/** The request path's first key → the create form's field id. */
export const CREATE_FIELD_FOR: Record<string, (typeof CREATE_FIELDS)[number]> = {
  username: 'new-username',
  role: 'new-role',
  password: 'new-password',
};

export function readNewAccount(typed: {
  username: string;
  role: string;
  password: string;
}): { request: CreateAccountRequest } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!typed.username.trim()) errors['new-username'] = 'Enter a username';
  if (!typed.role)
    errors['new-role'] = 'Select whether the account is an outreach worker’s or a coordinator’s';
  if (!typed.password) errors['new-password'] = 'Enter a password';
  const parsed = v.safeParse(CreateAccountRequestSchema, typed);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const field = CREATE_FIELD_FOR[(v.getDotPath(issue) ?? '').split('.')[0] ?? ''];
      if (field) errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { request: parsed.output };
}

export function readNewPassword(password: string): { password: string } | { errors: FieldErrors } {
  if (!password) return { errors: { [RESET_FIELD]: 'Enter the new password' } };
  const parsed = v.safeParse(ResetPasswordRequestSchema, { password });
  if (!parsed.success) return { errors: { [RESET_FIELD]: parsed.issues[0].message } };
  return { password: parsed.output.password };
}
