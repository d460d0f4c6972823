/**
 * The demo users sign in, the admin then the reader: cognito-local calls the Pre Token Generation
 * trigger through serverless-offline each time, and the admin's tokens must carry every claim the
 * config puts in them.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodePayload } from './jwt-view';
import type { LocalPool } from './pool-step';
import type { RunLog } from './run-log';
import { claimsFor, type RunSetup } from './run-setup';

export interface Tokens {
  readonly id: string;
  readonly access: string;
}

/** The admin's tokens, and the reader's beside them. */
export interface SignedIn extends Tokens {
  readonly reader: Tokens;
}

async function passwordSignIn(
  client: CognitoIdentityProviderClient,
  clientId: string,
  email: string,
  password: string,
): Promise<Tokens> {
  const auth = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const id = auth.AuthenticationResult?.IdToken;
  const access = auth.AuthenticationResult?.AccessToken;
  if (!id || !access) throw new Error(`InitiateAuth returned no tokens for ${email}`);
  return { id, access };
}

/** What the rules by group gave a user: role, permissions, scopes (names and values, no token). */
export function groupOutcome(access: string): string {
  const claims = decodePayload(access);
  const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));
  return `role ${show(claims.role)}, permissions ${show(claims.permissions)}, scope "${String(claims.scope ?? '')}"`;
}

/** @param where the state folder as shown, to point at the log when a claim is missing */
export async function signIn(
  log: RunLog,
  { client, pool, users }: LocalPool,
  { config, v2 }: RunSetup,
  state: string,
  where: string,
): Promise<SignedIn> {
  const admin = await passwordSignIn(
    client,
    pool.clientId,
    users.admin.email,
    users.admin.password,
  );
  const reader = await passwordSignIn(
    client,
    pool.clientId,
    users.reader.email,
    users.reader.password,
  );
  const idToken = admin.id;
  const accessToken = admin.access;
  // For the curl lines the run prints; only this user may read them.
  writeFileSync(join(state, 'id-token'), idToken, { mode: 0o600 });
  writeFileSync(join(state, 'access-token'), accessToken, { mode: 0o600 });
  writeFileSync(join(state, 'reader-access-token'), reader.access, { mode: 0o600 });
  const tokens: SignedIn = { id: idToken, access: accessToken, reader };
  const missing = (['id', 'access'] as const).flatMap((kind) => {
    const claims = decodePayload(tokens[kind]);
    const expected = v2 || kind === 'id' ? claimsFor(config, kind) : [];
    return expected.filter((claim) => !(claim in claims)).map((claim) => `${kind}:${claim}`);
  });
  log.report.idToken = { bytes: idToken.length, claims: decodePayload(idToken) };
  log.report.accessToken = { bytes: accessToken.length, claims: decodePayload(accessToken) };
  log.record(
    `signed in (InitiateAuth USER_PASSWORD_AUTH, Pre Token Generation ${log.report.triggerVersion})`,
    missing.length === 0,
    missing.length === 0
      ? `ID token: ${claimsFor(config, 'id').join(', ')}; access token: ${v2 ? claimsFor(config, 'access').join(', ') : 'none (V1)'}`
      : `missing ${missing.join(', ')} (see ${join(where, 'serverless-offline.log')})`,
  );
  log.report.reader = {
    idToken: { bytes: reader.id.length, claims: decodePayload(reader.id) },
    accessToken: { bytes: reader.access.length, claims: decodePayload(reader.access) },
  };
  log.record(
    `signed in as ${users.admin.email} (${users.admin.groups.join(', ')}) and ${users.reader.email} (${users.reader.groups.join(', ')})`,
    true,
    `admin: ${groupOutcome(admin.access)}; reader: ${groupOutcome(reader.access)}`,
  );
  return tokens;
}
