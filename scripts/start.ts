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
 * (each in its own process group) running.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadCliConfig } from '../cli/common/config';
import { claimTypes } from '../shared/core/api/read-claims';
import { findRouteRequirements } from '../shared/core/authorizer/route-requirements';
import type { ClaimsConfig } from '../shared/core/claims/types';
import { createDemoPool } from './local/demo-pool';
import { createServiceGroup, freePort, type Service, waitForOutput } from './local/processes';

const ROOT = resolve(__dirname, '..');

interface Options {
  once: boolean;
  v1: boolean;
  skipBuild: boolean;
  stateDir: string;
  report?: string;
}

const parseArgs = (argv: readonly string[]): Options => {
  const options: Options = {
    once: false,
    v1: false,
    skipBuild: false,
    stateDir: join(ROOT, '.local', 'start'),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg}: expected a value`);
      i += 1;
      return next;
    };
    if (arg === '--once') options.once = true;
    else if (arg === '--v1') options.v1 = true;
    else if (arg === '--skip-build') options.skipBuild = true;
    else if (arg === '--state-dir') options.stateDir = resolve(value());
    else if (arg === '--report') options.report = resolve(value());
    else
      throw new Error(
        `unknown option ${arg} (known: --once, --v1, --skip-build, --state-dir, --report)`,
      );
  }
  return options;
};

// ---------------------------------------------------------------------------------------------
// Output

const out = (text = '') => process.stdout.write(`${text}\n`);
const ok = (text: string) => out(`  ✓ ${text}`);
const fail = (text: string) => out(`  ✗ ${text}`);

interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** The decoded payload of a JWT, for display only (the authorizer is what verifies). */
const decodePayload = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

/** The same token with one claim changed and the original signature. */
const tamper = (token: string, claim: string, value: unknown): string => {
  const [header, , signature] = token.split('.');
  const payload = { ...decodePayload(token), [claim]: value };
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
};

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
};

const printClaims = (
  title: string,
  token: string,
  config: ClaimsConfig,
  configured: ReadonlySet<string>,
) => {
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
};

// ---------------------------------------------------------------------------------------------
// The flow

const httpGet = async (url: string, token?: string) => {
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: shown as text.
  }
  return { status: response.status, body };
};

/** Operations cognito-local served, from its DEBUG log ("<reqId> <Operation> start"). */
const cognitoOperations = (service: Service): string[] =>
  [...service.output().matchAll(/DEBUG: \S+ ([A-Z][A-Za-z]+) start\b/g)].map((m) => m[1] ?? '');

/** The claims the config puts in a token. */
const claimsFor = (config: ClaimsConfig, kind: 'id' | 'access'): string[] =>
  config.claims.filter((rule) => rule.tokens.includes(kind)).map((rule) => rule.claim);

const readServiceName = (): string => {
  const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
  const name = /^service:\s*(\S+)/m.exec(yml)?.[1];
  if (!name) throw new Error('serverless.yml: no "service:" name found');
  return name;
};

const STAGE = 'local';

/** Whether patches/cognito-local+5.3.0.patch is applied (npm install runs patch-package). */
const cognitoLocalPatched = (): boolean =>
  readFileSync(require.resolve('cognito-local/lib/services/lambda.js'), 'utf8').includes(
    'COGNITO_LOCAL_PRE_TOKEN_GENERATION_VERSION',
  );

const main = async (): Promise<number> => {
  const options = parseArgs(process.argv.slice(2));
  const services = createServiceGroup();
  const steps: Step[] = [];
  const report: Record<string, unknown> = { steps };
  const record = (name: string, passed: boolean, detail?: string) => {
    steps.push({ name, ok: passed, ...(detail ? { detail } : {}) });
    (passed ? ok : fail)(detail ? `${name}: ${detail}` : name);
    return passed;
  };
  /** The report, if asked for; a failure to write it is reported, never thrown. */
  const writeReport = (): boolean => {
    if (!options.report) return true;
    try {
      writeFileSync(options.report, JSON.stringify(report, null, 2));
      return true;
    } catch (error) {
      fail(`could not write the report: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (services.stopping()) return;
    out(`\n${signal}: stopping cognito-local and serverless-offline...`);
    void services.stopAll().then(() => {
      writeReport();
      out('stopped.');
      process.exit(options.once ? 130 : 0);
    });
  };
  // SIGHUP: the terminal closed. Each service runs in its own process group, so it would not
  // get the hangup: left unhandled, they would outlive the run.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  const state = options.stateDir;
  const where = relative(ROOT, state).startsWith('..') ? state : relative(ROOT, state);
  out('cognito-claims: the whole flow on this machine (cognito-local + serverless-offline)');
  out(`state folder: ${where}\n`);

  const flow = async (): Promise<number> => {
    let passed = false;
    try {
      rmSync(state, { recursive: true, force: true });
      mkdirSync(join(state, 'cognito', '.cognito'), { recursive: true });

      // What the build packages with the functions: CLAIMS_CONFIG, else claims.config.json.
      const config = loadCliConfig(undefined, { env: process.env, cwd: ROOT }).config;
      const configured = new Set(config.claims.map((rule) => rule.claim));
      // V2: the trigger's claims in both tokens, typed; V1: ID token only, strings.
      const v2 = !options.v1 && cognitoLocalPatched();
      const tokenUse = v2 ? config.authorizer.tokenUse : 'id';
      report.triggerVersion = v2 ? 'V2_0' : 'V1_0';
      report.tokenUse = tokenUse;

      // 1. Build the function bundles serverless-offline runs.
      if (!options.skipBuild) {
        const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        if (!record('built the functions (npm run build)', build.status === 0)) {
          out(build.stdout + build.stderr);
          return 1;
        }
      }

      // 2. Ports, then cognito-local with its trigger pointed at serverless-offline's Lambda port.
      const [cognitoPort, httpPort, lambdaPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      const serviceName = readServiceName();
      const triggerFunction = `${serviceName}-${STAGE}-preTokenGeneration`;
      writeFileSync(
        join(state, 'cognito', '.cognito', 'config.json'),
        JSON.stringify(
          {
            LambdaClient: {
              endpoint: `http://127.0.0.1:${lambdaPort}`,
              region: 'eu-west-1',
              credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            },
            TriggerFunctions: { PreTokenGeneration: triggerFunction },
          },
          null,
          2,
        ),
      );
      const cognito = services.start({
        name: 'cognito-local',
        command: process.execPath,
        args: [require.resolve('cognito-local/lib/bin/start.js')],
        cwd: join(state, 'cognito'),
        // DEBUG logs one line per operation: how the run proves /me made no GetUser call.
        env: {
          ...process.env,
          PORT: String(cognitoPort),
          HOST: '127.0.0.1',
          DEBUG: '1',
          COGNITO_LOCAL_PRE_TOKEN_GENERATION_VERSION: v2 ? '2' : '',
        },
        logFile: join(state, 'cognito-local.log'),
      });
      await waitForOutput(cognito, /Cognito Local running on/, 20_000);
      const cognitoEndpoint = `http://127.0.0.1:${cognitoPort}`;
      record(
        'cognito-local',
        true,
        `${cognitoEndpoint} (triggers: PreTokenGeneration → ${triggerFunction})`,
      );

      // 3. The demo pool, app client and user.
      const client = new CognitoIdentityProviderClient({
        endpoint: cognitoEndpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      const pool = await createDemoPool(client, config);
      const issuer = `${cognitoEndpoint}/${pool.poolId}`;
      report.pool = { poolId: pool.poolId, clientId: pool.clientId, issuer, user: pool.email };
      record(
        'demo user pool',
        true,
        `${pool.poolId}, app client ${pool.clientId}, user ${pool.email} with ${Object.entries(
          pool.attributes,
        )
          .map(([name, value]) => `${name}=${value}`)
          .join(', ')}`,
      );

      // 4. serverless-offline: the functions, the Lambda endpoint and the local HTTP API.
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
        cwd: ROOT,
        env: {
          ...process.env,
          OFFLINE_HTTP_PORT: String(httpPort),
          OFFLINE_LAMBDA_PORT: String(lambdaPort),
          JWT_ISSUER_URL: issuer,
          JWT_AUDIENCE: pool.clientId,
          // V1: the trigger's claims are in the ID token only.
          AUTHORIZER_TOKEN_USE: tokenUse,
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
        },
        logFile: join(state, 'serverless-offline.log'),
      });
      await waitForOutput(offline, /Server ready:/, 60_000);
      const api = `http://127.0.0.1:${httpPort}`;
      report.endpoints = {
        api,
        cognito: cognitoEndpoint,
        lambda: `http://127.0.0.1:${lambdaPort}`,
      };
      record(
        'serverless-offline',
        true,
        `API ${api}, Lambda endpoint http://127.0.0.1:${lambdaPort}`,
      );

      // 5. Sign in: cognito-local calls the trigger through serverless-offline.
      const auth = await client.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: pool.email, PASSWORD: pool.password },
        }),
      );
      const idToken = auth.AuthenticationResult?.IdToken;
      const accessToken = auth.AuthenticationResult?.AccessToken;
      if (!idToken || !accessToken) throw new Error('InitiateAuth returned no tokens');
      writeFileSync(join(state, 'id-token'), idToken, { mode: 0o600 });
      writeFileSync(join(state, 'access-token'), accessToken, { mode: 0o600 });
      const tokens = { id: idToken, access: accessToken };
      const missing = (['id', 'access'] as const).flatMap((kind) => {
        const claims = decodePayload(tokens[kind]);
        const expected = v2 || kind === 'id' ? claimsFor(config, kind) : [];
        return expected.filter((claim) => !(claim in claims)).map((claim) => `${kind}:${claim}`);
      });
      report.idToken = { bytes: idToken.length, claims: decodePayload(idToken) };
      report.accessToken = { bytes: accessToken.length, claims: decodePayload(accessToken) };
      record(
        `signed in (InitiateAuth USER_PASSWORD_AUTH, Pre Token Generation ${report.triggerVersion})`,
        missing.length === 0,
        missing.length === 0
          ? `ID token: ${claimsFor(config, 'id').join(', ')}; access token: ${v2 ? claimsFor(config, 'access').join(', ') : 'none (V1)'}`
          : `missing ${missing.join(', ')} (see ${join(where, 'serverless-offline.log')})`,
      );
      out();
      printClaims('ID token', idToken, config, configured);
      printClaims('Access token', accessToken, config, configured);
      if (v2) {
        out(
          'Note: cognito-local 5.3.0 as published applies only V1 Pre Token Generation responses,',
        );
        out(
          'and only to the ID token. This project patches it (patches/cognito-local+5.3.0.patch,',
        );
        out('applied by patch-package on npm install) to send the V2_0 event and apply the V2');
        out(
          'response to both tokens, as Cognito does. `npm start -- --v1` shows the unpatched flow.',
        );
      } else {
        out('Note: cognito-local applies only V1 Pre Token Generation responses, and only to the');
        out('ID token: the access token above has no added claims, and V1 claims are strings');
        out('(the API helper turns them back into their config types). Real Cognito with the V2_0');
        out('trigger puts typed claims in both tokens; so does `npm start` without --v1.');
      }
      out();

      // 6. The API: GET /me through the verifying authorizer, then a tampered and a missing token.
      const apiToken = tokens[tokenUse];
      const expected = claimsFor(config, tokenUse);
      const route = findRouteRequirements(config.authorizer.routes, 'GET /me');
      const rules = route
        ? [
            ...route.claims.map((claim) => `claim ${claim}`),
            ...(route.scopes.length > 0 ? [`one of the scopes ${route.scopes.join(', ')}`] : []),
            ...(route.groups.length > 0 ? [`one of the groups ${route.groups.join(', ')}`] : []),
          ]
        : [];
      out(
        `The authorizer verifies the ${tokenUse} token (signature, issuer, token_use, client id, expiry)` +
          `${rules.length > 0 ? ` and GET /me's requirements: ${rules.join('; ')}` : ''}.`,
      );
      const operationsBefore = cognitoOperations(cognito).length;
      const me = await httpGet(`${api}/me`, apiToken);
      out(`GET ${api}/me  (Authorization: Bearer <${tokenUse} token>) → ${me.status}`);
      out(JSON.stringify(me.body, null, 2).replace(/^/gm, '   '));
      out();
      const body = me.body as { source?: string; claims?: Record<string, unknown> };
      const meClaims = body.claims ?? {};
      const notReturned = expected.filter((claim) => !(claim in meClaims));
      report.me = me;
      record(
        'GET /me read the claims from the token',
        me.status === 200 && body.source === 'lambda-authorizer' && notReturned.length === 0,
        me.status === 200
          ? `source ${body.source}; ${expected.map((c) => `${c}=${JSON.stringify(meClaims[c])}`).join(', ')}`
          : `status ${me.status}`,
      );
      const tampered = await httpGet(`${api}/me`, tamper(apiToken, 'tenant_id', 'someone-else'));
      report.tampered = { status: tampered.status };
      record('a tampered token is refused', tampered.status === 401, `status ${tampered.status}`);
      const anonymous = await httpGet(`${api}/me`);
      report.anonymous = { status: anonymous.status };
      record('no token is refused', anonymous.status === 401, `status ${anonymous.status}`);
      // The emulator logs an operation just after answering it: let trailing lines arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = cognitoOperations(cognito).slice(operationsBefore);
      report.cognitoOperationsDuringApiCalls = during;
      record(
        'no GetUser on the request path',
        !during.includes('GetUser'),
        `Cognito operations while serving the 3 API calls: ${during.length === 0 ? 'none' : during.join(', ')}`,
      );

      report.cognitoOperations = cognitoOperations(cognito);
      passed = steps.every((step) => step.ok);
      report.ok = passed;
      out();
      out(
        passed
          ? 'Every step worked.'
          : 'Some steps failed (see above and the logs in the state folder).',
      );
      if (options.once) return passed ? 0 : 1;

      const tokenFile = join(where, `${tokenUse}-token`);
      out();
      out('Still running. Try it (tokens are in the state folder):');
      out(`  curl -s -H "Authorization: Bearer $(cat ${tokenFile})" ${api}/me`);
      out(`  curl -s -o /dev/null -w "%{http_code}\\n" -H "Authorization: Bearer x.y.z" ${api}/me`);
      out(`  Cognito endpoint for the AWS SDK/CLI: ${cognitoEndpoint} (pool ${pool.poolId})`);
      out(`  Logs: ${join(where, 'serverless-offline.log')}, ${join(where, 'cognito-local.log')}`);
      out('Press Ctrl-C to stop everything.');
      if (!writeReport()) return 1;
      // Stay up until a signal, or until a service dies.
      await new Promise<void>((resolveWait) => {
        const timer = setInterval(() => {
          const dead = services.list().find((service) => !service.running());
          if (dead && !services.stopping()) {
            out(`${dead.name} stopped unexpectedly; stopping the rest.`);
            clearInterval(timer);
            resolveWait();
          }
        }, 500);
      });
      return 1;
    } catch (error) {
      report.ok = false;
      // After a signal, a step cut short is expected: the signal line says what happened.
      if (!services.stopping()) {
        record('run', false, error instanceof Error ? error.message : String(error));
      }
      return 1;
    }
  };

  let code = 1;
  try {
    code = await flow();
  } finally {
    // Stop first: nothing after this point may leave a service running.
    const byUs = !services.stopping();
    await services.stopAll();
    if (byUs && options.once) out('stopped cognito-local and serverless-offline.');
  }
  // After the stop, and never thrown: a report path that cannot be written fails the run only.
  return writeReport() ? code : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
