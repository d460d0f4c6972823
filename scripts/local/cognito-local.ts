/**
 * cognito-local, the local user pool: started with its Pre Token Generation trigger pointed at
 * serverless-offline's Lambda endpoint, and with DEBUG on, which logs one line per operation:
 * how the run proves that serving GET /me made no GetUser call.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Service, type ServiceGroup, waitForOutput } from './processes';
import type { RunLog } from './run-log';

export interface CognitoLocal {
  readonly service: Service;
  readonly endpoint: string;
}

/** Whether patches/cognito-local+5.3.0.patch is applied (npm install runs patch-package). */
export function cognitoLocalPatched(): boolean {
  return readFileSync(require.resolve('cognito-local/lib/services/lambda.js'), 'utf8').includes(
    'COGNITO_LOCAL_PRE_TOKEN_GENERATION_VERSION',
  );
}

/** Operations cognito-local served, from its DEBUG log ("<reqId> <Operation> start"). */
export function cognitoOperations(service: Service): string[] {
  return [...service.output().matchAll(/DEBUG: \S+ ([A-Z][A-Za-z]+) start\b/g)].map(
    (m) => m[1] ?? '',
  );
}

export async function startCognitoLocal(
  services: ServiceGroup,
  log: RunLog,
  state: string,
  trigger: { readonly port: number; readonly lambdaPort: number; readonly functionName: string },
  v2: boolean,
): Promise<CognitoLocal> {
  writeFileSync(
    join(state, 'cognito', '.cognito', 'config.json'),
    JSON.stringify(
      {
        LambdaClient: {
          endpoint: `http://127.0.0.1:${trigger.lambdaPort}`,
          region: 'eu-west-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        },
        TriggerFunctions: { PreTokenGeneration: trigger.functionName },
      },
      null,
      2,
    ),
  );
  const service = services.start({
    name: 'cognito-local',
    command: process.execPath,
    args: [require.resolve('cognito-local/lib/bin/start.js')],
    cwd: join(state, 'cognito'),
    env: {
      ...process.env,
      PORT: String(trigger.port),
      HOST: '127.0.0.1',
      DEBUG: '1',
      COGNITO_LOCAL_PRE_TOKEN_GENERATION_VERSION: v2 ? '2' : '',
    },
    logFile: join(state, 'cognito-local.log'),
  });
  await waitForOutput(service, /Cognito Local running on/, 20_000);
  const endpoint = `http://127.0.0.1:${trigger.port}`;
  log.record(
    'cognito-local',
    true,
    `${endpoint} (triggers: PreTokenGeneration → ${trigger.functionName})`,
  );
  return { service, endpoint };
}
