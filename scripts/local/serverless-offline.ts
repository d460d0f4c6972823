/**
 * serverless-offline: the functions of serverless.yml, its Lambda endpoint (which cognito-local
 * calls the trigger through) and the local HTTP API, with the authorizer verifying tokens of the
 * demo pool.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoPool } from './demo-pool';
import { type ServiceGroup, waitForOutput } from './processes';
import type { RunLog } from './run-log';

const STAGE = 'local';

export interface ServerlessOffline {
  readonly api: string;
  readonly lambda: string;
}

/** The Lambda name serverless-offline gives the Pre Token Generation function. */
export function preTokenFunctionName(root: string): string {
  const yml = readFileSync(join(root, 'serverless.yml'), 'utf8');
  const name = /^service:\s*(\S+)/m.exec(yml)?.[1];
  if (!name) throw new Error('serverless.yml: no "service:" name found');
  // The plugin (custom.cognitoClaims) adds it under this key: cli/serverless-plugin/functions.ts.
  return `${name}-${STAGE}-cognitoClaimsPreTokenGeneration`;
}

export async function startServerlessOffline(
  services: ServiceGroup,
  log: RunLog,
  root: string,
  state: string,
  ports: { readonly http: number; readonly lambda: number },
  authorizer: { readonly issuer: string; readonly pool: DemoPool; readonly tokenUse: string },
  /**
   * The config the plugin packages the triggers with (serverless.yml: custom.cognitoClaims.config
   * reads CLAIMS_CONFIG_FILE), and what the functions need to read its tables: serverless-offline
   * hands its own AWS_* variables to every function, so AWS_ENDPOINT_URL_DYNAMODB and the
   * credentials reach the trigger's reader as they would in Lambda.
   */
  functions: { readonly configFile: string; readonly env: Readonly<Record<string, string>> },
): Promise<ServerlessOffline> {
  const offline = services.start({
    name: 'serverless-offline',
    command: process.execPath,
    args: [
      require.resolve('osls/bin/serverless.js'),
      'offline',
      'start',
      '--stage',
      STAGE,
      '--host',
      '127.0.0.1',
      '--param=meAuthorizer=claimsAuthorizer',
    ],
    cwd: root,
    env: {
      ...process.env,
      OFFLINE_HTTP_PORT: String(ports.http),
      OFFLINE_LAMBDA_PORT: String(ports.lambda),
      JWT_ISSUER_URL: authorizer.issuer,
      JWT_AUDIENCE: authorizer.pool.clientId,
      // V1: the trigger's claims are in the ID token only.
      AUTHORIZER_TOKEN_USE: authorizer.tokenUse,
      CLAIMS_CONFIG_FILE: functions.configFile,
      ...functions.env,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
    },
    logFile: join(state, 'serverless-offline.log'),
  });
  await waitForOutput(offline, /Server ready:/, 60_000);
  const api = `http://127.0.0.1:${ports.http}`;
  const lambda = `http://127.0.0.1:${ports.lambda}`;
  log.record('serverless-offline', true, `API ${api}, Lambda endpoint ${lambda}`);
  return { api, lambda };
}
