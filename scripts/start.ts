/**
 * `npm start`: the whole flow on this machine, no AWS account.
 *
 * cognito-local (a local user pool) calls the Pre Token Generation trigger through
 * serverless-offline's Lambda endpoint; a demo user signs in; the tokens are decoded and shown;
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
 * Run as `node --import tsx scripts/start.ts`, one process: the `tsx` CLI would sit above it and
 * SIGKILL it when it does not acknowledge a Ctrl-C within about 60 ms, leaving the services
 * (each in its own process group) running. Each step is a file in scripts/local/; a signal or
 * the parent's exit stops them all (scripts/local/shutdown.ts).
 */
import { relative, resolve } from 'node:path';
import { checkApi } from './local/api-checks';
import { buildFunctions } from './local/build-functions';
import { cognitoOperations, startCognitoLocal } from './local/cognito-local';
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
import { parseStartArgs, type StartOptions } from './local/start-options';
import { printTryIt, untilAServiceDies } from './local/stay-up';

const ROOT = resolve(__dirname, '..');

/** The steps in order; the exit code of the run. */
async function flow(options: StartOptions, services: ServiceGroup, log: RunLog): Promise<number> {
  const state = options.stateDir;
  const where = relative(ROOT, state).startsWith('..') ? state : relative(ROOT, state);
  out('cognito-claims: the whole flow on this machine (cognito-local + serverless-offline)');
  out(`state folder: ${where}\n`);
  try {
    const setup = prepareRun(ROOT, options, log);
    if (!options.skipBuild && !buildFunctions(ROOT, log)) return 1;
    const ports = { cognito: await freePort(), http: await freePort(), lambda: await freePort() };
    const cognito = await startCognitoLocal(
      services,
      log,
      state,
      { port: ports.cognito, lambdaPort: ports.lambda, functionName: preTokenFunctionName(ROOT) },
      setup.v2,
    );
    const local = await setUpDemoPool(log, cognito.endpoint, setup.config);
    await checkDemoPool(log, ROOT, local.pool.poolId, cognito.endpoint);
    const offline = await startServerlessOffline(services, log, ROOT, state, ports, {
      issuer: local.issuer,
      pool: local.pool,
      tokenUse: setup.tokenUse,
    });
    log.report.endpoints = { api: offline.api, cognito: cognito.endpoint, lambda: offline.lambda };
    const tokens = await signIn(log, local, setup, state, where);
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
    if (byUs && options.once) out('stopped cognito-local and serverless-offline.');
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
