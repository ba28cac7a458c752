// The one set of rules for new usernames and passwords: the console's form, the accounts API, `npm run accounts`
// and the bootstrap coordinator all check with these schemas.
import * as v from 'valibot';

export const USERNAME_MIN_LENGTH = 2;
export const USERNAME_MAX_LENGTH = 64;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1000;

export const USERNAME_RULE = `Use ${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit`;

/** Lower case only, so two accounts never differ by case alone (sign-in compares usernames exactly). */
export const UsernameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    new RegExp(`^[a-z0-9][a-z0-9._-]{${USERNAME_MIN_LENGTH - 1},${USERNAME_MAX_LENGTH - 1}}$`),
    USERNAME_RULE,
  ),
);

export const PasswordSchema = v.pipe(
  v.string(),
  v.minLength(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for the password`),
  v.maxLength(
    MAX_PASSWORD_LENGTH,
    `Use at most ${MAX_PASSWORD_LENGTH.toLocaleString('en-GB')} characters for the password`,
  ),
);

export const ACCOUNT_ROLES = ['worker', 'coordinator'] as const;
export const AccountRoleSchema = v.picklist(ACCOUNT_ROLES, 'The role is worker or coordinator');
