/**
 * The tokens as a user would want to see them: every claim, the trigger's marked with its config
 * type, and a note on what the emulator does with the trigger's answer compared with Cognito.
 */

import { claimTypes } from '../../shared/core/api/read-claims';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { decodePayload } from './jwt-view';
import { out } from './output';
import type { RunSetup } from './run-setup';
import { groupOutcome, type SignedIn } from './sign-in';

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

export function printClaims(
  title: string,
  token: string,
  config: ClaimsConfig,
  configured: ReadonlySet<string>,
): void {
  const claims = decodePayload(token);
  const added = Object.keys(claims).filter((name) => configured.has(name));
  const addedBytes = Buffer.byteLength(
    JSON.stringify(Object.fromEntries(added.map((name) => [name, claims[name]]))),
  );
  out(`${title}: ${token.length.toLocaleString('en')} bytes, ${Object.keys(claims).length} claims`);
  const types = claimTypes(config);
  for (const [name, value] of Object.entries(claims)) {
    const mark = configured.has(name) ? '+' : ' ';
    const declared = configured.has(name) ? `  (config type ${types.get(name)})` : '';
    out(`   ${mark} ${name.padEnd(22)} ${show(value)}${declared}`);
  }
  out(
    added.length > 0
      ? `   + = added by the Pre Token Generation trigger (${added.length} claims, ${addedBytes} bytes of JSON)`
      : '   (no configured claim in this token)',
  );
  out();
}

export function showTokens(tokens: SignedIn, { config, configured, v2 }: RunSetup): void {
  out();
  printClaims("The admin's ID token", tokens.id, config, configured);
  printClaims("The admin's access token", tokens.access, config, configured);
  // The reader's differs by the rules that read groups: role, permissions, scopes.
  out(`The reader's access token: ${groupOutcome(tokens.reader.access)}`);
  out();
  if (v2) {
    out('Note: cognito-local 5.3.0 as published applies only V1 Pre Token Generation responses,');
    out('and only to the ID token. This project patches it (patches/cognito-local+5.3.0.patch,');
    out('applied by patch-package on npm install) to send the V2_0 event and apply the V2');
    out('response to both tokens, as Cognito does. `npm start -- --v1` shows the unpatched flow.');
  } else {
    out('Note: cognito-local applies only V1 Pre Token Generation responses, and only to the');
    out('ID token: the access token above has no added claims, and V1 claims are strings');
    out('(the API helper turns them back into their config types). Real Cognito with the V2_0');
    out('trigger puts typed claims in both tokens; so does `npm start` without --v1.');
  }
  out();
}
