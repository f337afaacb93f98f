// Accounts on a test server, made over its HTTP API.

import { type AuthResult, parseAnswer, ROUTES } from '@ichat/protocol';

/** The password every test account gets: the one the docs use. */
export const DOC_PASSWORD = 'correct horse battery';

/** Registers `username` (e-mail `<username>@example.com`, as in the docs) and returns the server's answer. */
export async function registerUser(serverUrl: string, username: string): Promise<AuthResult> {
  const response = await fetch(`${serverUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${username}@example.com`, username, password: DOC_PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`registering ${username} answered ${response.status}: ${await response.text()}`);
  return parseAnswer(ROUTES.login, await response.json());
}
