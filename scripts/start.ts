/**
 * `npm start`: the whole flow on this machine, no AWS account.
 *
 * cognito-local (a local user pool) calls the Pre Token Generation trigger through
 * serverless-offline's Lambda endpoint; dynalite (DynamoDB on loopback) holds the table the demo
 * config's source reads, with an item per demo user; a demo user signs in; the tokens, with the
 * table's plan and entitlements in the access token, are decoded and shown;
 * then `GET /me` is called through the verifying Lambda authorizer on serverless-offline's local
 * API Gateway, and a tampered token is refused. It stays up until Ctrl-C.
 *
 *   npm start                       run, then keep everything up for you to try
 *   npm start -- --once             run once, stop everything, exit 0 only if every step worked
 *   npm start -- --report <file>    also write what happened as JSON
 *   npm start -- --state-dir <dir>  state folder (default .local/start, git-ignored)
 *   npm start -- --skip-build       use the bundles already in dist/
 *   npm start -- --v1               cognito-local as published: V1 events, ID token only
 *
 * The config is scripts/local/demo-claims.config.json (claims.config.json plus the "account"
 * source), or the file CLAIMS_CONFIG_FILE names; dynalite runs only for a config with sources.
 *
 * Run as `node --import tsx scripts/start.ts`, one process: the `tsx` CLI would sit above it and
 * SIGKILL it when it does not acknowledge a Ctrl-C within about 60 ms, leaving the services
 * (each in its own process group) running. Each step is a file in scripts/local/; a signal or
 * the parent's exit stops them all (scripts/local/shutdown.ts).
 */
import { relative, resolve } from 'node:path';
import { checkApi } from './local/api-checks';
import { buildFunctions } from './local/build-functions';
import { cognitoOperations, startCognitoLocal } from './local/cognito-local';
import { type LocalDynamoDb, seedSourceTables, startDynalite } from './local/dynalite';
import { out } from './local/output';
import { checkDemoPool } from './local/pool-checks';
import { setUpDemoPool } from './local/pool-step';
import { createServiceGroup, freePort, type ServiceGroup } from './local/processes';
import { createRunLog, type RunLog } from './local/run-log';
import { prepareRun } from './local/run-setup';
import { preTokenFunctionName, startServerlessOffline } from './local/serverless-offline';
import { showTokens } from './local/show-tokens';
import { stopFromOutside } from './local/shutdown';
import { signIn } from './local/sign-in';
import { checkSourcedClaims, tableUsers } from './local/source-checks';
import { parseStartArgs, type StartOptions } from './local/start-options';
import { printTryIt, untilAServiceDies } from './local/stay-up';

const ROOT = resolve(__dirname, '..');

/** The steps in order; the exit code of the run. */
async function flow(options: StartOptions, services: ServiceGroup, log: RunLog): Promise<number> {
  const state = options.stateDir;
  const where = relative(ROOT, state).startsWith('..') ? state : relative(ROOT, state);
  out(
    'cognito-claims: the whole flow on this machine (cognito-local + serverless-offline + dynalite)',
  );
  out(`state folder: ${where}`);
  try {
    const setup = prepareRun(ROOT, options, log);
    const sourced = Object.keys(setup.config.sources ?? {}).length > 0;
    out(`config: ${setup.configShown}${sourced ? '' : ' (no sources: dynalite not started)'}\n`);
    if (!options.skipBuild && !buildFunctions(ROOT, log, setup.configFile)) return 1;
    const ports = {
      cognito: await freePort(),
      http: await freePort(),
      lambda: await freePort(),
      dynamodb: await freePort(),
    };
    const cognito = await startCognitoLocal(
      services,
      log,
      state,
      { port: ports.cognito, lambdaPort: ports.lambda, functionName: preTokenFunctionName(ROOT) },
      setup.v2,
    );
    const local = await setUpDemoPool(log, cognito.endpoint, setup.config);
    let dynamodb: LocalDynamoDb | undefined;
    if (sourced) {
      dynamodb = await startDynalite(services, log, state, ports.dynamodb);
      await seedSourceTables(log, dynamodb, setup.config, await tableUsers(local));
    }
    await checkDemoPool(
      log,
      ROOT,
      local.pool.poolId,
      cognito.endpoint,
      setup.configShown,
      // The endpoint only: with no credentials in its environment, doctor signs with its
      // emulator placeholders, for Cognito and DynamoDB alike.
      dynamodb ? { AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint } : {},
    );
    const offline = await startServerlessOffline(
      services,
      log,
      ROOT,
      state,
      ports,
      { issuer: local.issuer, pool: local.pool, tokenUse: setup.tokenUse },
      { configFile: setup.configFile, env: dynamodb?.env ?? {} },
    );
    log.report.endpoints = {
      api: offline.api,
      cognito: cognito.endpoint,
      lambda: offline.lambda,
      ...(dynamodb ? { dynamodb: dynamodb.endpoint } : {}),
    };
    const tokens = await signIn(log, local, setup, state, where);
    // V1 customises the ID token only, and the demo's sourced claims are access-token claims.
    if (sourced && setup.v2) checkSourcedClaims(log, setup.config, tokens);
    showTokens(tokens, setup);
    await checkApi(log, offline.api, cognito.service, setup, tokens);

    log.report.cognitoOperations = cognitoOperations(cognito.service);
    const passed = log.steps.every((step) => step.ok);
    log.report.ok = passed;
    out();
    out(
      passed
        ? 'Every step worked.'
        : 'Some steps failed (see above and the logs in the state folder).',
    );
    if (options.once) return passed ? 0 : 1;
    printTryIt({
      where,
      tokenUse: setup.tokenUse,
      api: offline.api,
      cognitoEndpoint: cognito.endpoint,
      poolId: local.pool.poolId,
      clientId: local.pool.clientId,
      username: local.pool.username,
      config: setup.configShown,
      ...(dynamodb ? { dynamodb: dynamodb.endpoint } : {}),
    });
    if (!log.writeReport()) return 1;
    await untilAServiceDies(services);
    return 1;
  } catch (error) {
    log.report.ok = false;
    // After a signal, a step cut short is expected: the signal line says what happened.
    if (!services.stopping()) {
      log.record('run', false, error instanceof Error ? error.message : String(error));
    }
    return 1;
  }
}

async function main(): Promise<number> {
  const options = parseStartArgs(process.argv.slice(2), ROOT);
  const services = createServiceGroup();
  const log = createRunLog(options.report);
  stopFromOutside(services, log, options.once ? 130 : 0);
  let code = 1;
  try {
    code = await flow(options, services, log);
  } finally {
    // Stop first: nothing after this point may leave a service running.
    const byUs = !services.stopping();
    await services.stopAll();
    if (byUs && options.once) out('stopped cognito-local, serverless-offline and dynalite.');
  }
  // After the stop, and never thrown: a report path that cannot be written fails the run only.
  return log.writeReport() ? code : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
