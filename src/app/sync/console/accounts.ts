// The console's account calls: the accounts with their tablets, creating one, disabling, enabling, resetting.
import type { AccountsResponse, CreateAccountRequest } from '../../../shared/console';
import { consoleJson, consoleRequest } from '../console-client';

/** GET /accounts: every account, with each tablet it used, its last contact and unsent count. */
export const fetchAccounts = (): Promise<AccountsResponse> => consoleJson<AccountsResponse>('/accounts');

/** POST /accounts; 409 `account-exists` when the username is taken. */
export async function createAccount(request: CreateAccountRequest): Promise<void> {
  await consoleRequest('/accounts', { method: 'POST', body: request });
}

/** POST /accounts/{id}/disable or /enable. Disabling stops the account's tokens at once. */
export async function setAccountEnabled(id: string, enabled: boolean): Promise<void> {
  await consoleRequest(`/accounts/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`, {
    method: 'POST',
  });
}

/** POST /accounts/{id}/reset-password {password}. */
export async function resetPassword(id: string, password: string): Promise<void> {
  await consoleRequest(`/accounts/${encodeURIComponent(id)}/reset-password`, {
    method: 'POST',
    body: { password },
  });
}
