/**
 * The Serverless plugin in a user's own service (tests/fixtures/serverless-consumer: a pool with
 * its own Pre sign-up trigger, an app client, an HTTP API and a function), with the packed
 * tarball installed as its dependency and packaged offline by this repository's osls. Then the
 * same service with a Pre Token Generation function of its own, with a required claim from an
 * attribute its pool lacks, and with an unknown key under custom.cognitoClaims: each refused.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestEvent } from '../helpers/events';
import { installInto, packPackage } from '../helpers/packed-package';
import { extractZip, zipEntries } from '../helpers/zip';

const ROOT = join(__dirname, '..', '..');
const OSLS = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'serverless-consumer');
const TEMPLATE = join('.serverless', 'cloudformation-template-update-stack.json');

type Json = Record<string, unknown>;
interface Template {
  Resources: Record<string, { Type: string; Properties: Json }>;
  Outputs: Record<string, { Value: unknown }>;
}

const work = mkdtempSync(join(tmpdir(), 'cognito-claims-plugin-'));
/** One install of the tarball, shared by every copy of the service through a symlink. */
const modules = join(work, 'installed');

const run = (args: string[], cwd: string) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1' };
    for (const name of ['JWT_ISSUER_URL', 'JWT_AUDIENCE', 'CLAIMS_CONFIG']) delete env[name];
    execFile(process.execPath, args, { cwd, env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}\n${stderr}` }),
    );
  });

/** A copy of the consumer service, changed by `edit`, packaged by osls. */
const packageService = async (name: string, edit: (dir: string) => void = () => undefined) => {
  const dir = join(work, name);
  cpSync(FIXTURE, dir, { recursive: true });
  symlinkSync(join(modules, 'node_modules'), join(dir, 'node_modules'), 'dir');
  edit(dir);
  const result = await run([OSLS, 'package', '--stage', 'test'], dir);
  return { dir, ...result };
};

const editFile = (file: string, change: (text: string) => string) =>
  writeFileSync(file, change(readFileSync(file, 'utf8')));

let main: { dir: string; code: number; out: string };
let template: Template;
let refusals: Record<string, { code: number; out: string }>;

beforeAll(async () => {
  const pack = packPackage(work);
  installInto(modules, pack.tarball);
  const [packaged, ownPreToken, missingAttribute, unknownKey] = await Promise.all([
    packageService('consumer'),
    packageService('own-pre-token', (dir) =>
      editFile(join(dir, 'serverless.yml'), (text) =>
        text.replace(
          '          PreSignUp: { "Fn::GetAtt": [PreSignUpLambdaFunction, Arn] }',
          '          PreSignUp: { "Fn::GetAtt": [PreSignUpLambdaFunction, Arn] }\n          PreTokenGeneration: { "Fn::GetAtt": [PreSignUpLambdaFunction, Arn] }',
        ),
      ),
    ),
    packageService('missing-attribute', (dir) =>
      editFile(join(dir, 'claims.config.json'), (text) =>
        text.replace(
          '"from": "custom:org", "required": true',
          '"from": "custom:tenant", "required": true',
        ),
      ),
    ),
    packageService('unknown-key', (dir) =>
      editFile(join(dir, 'serverless.yml'), (text) =>
        text.replace(
          '    userPool: OrdersUserPool',
          '    userPool: OrdersUserPool\n    userPol: typo',
        ),
      ),
    ),
  ]);
  main = packaged;
  if (main.code !== 0) throw new Error(`osls package failed:\n${main.out}`);
  template = JSON.parse(readFileSync(join(main.dir, TEMPLATE), 'utf8')) as Template;
  refusals = { ownPreToken, missingAttribute, unknownKey };
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cognito-claims/serverless in a user service', () => {
  it('adds the functions the config needs, from the prebuilt bundles, with the user config beside them', () => {
    // Assess: the config customises tokens only, so Pre Token Generation and the authorizer.
    const functions = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([id]) => id)
      .sort();
    expect(functions).toEqual([
      'CognitoClaimsAuthorizerLambdaFunction',
      'CognitoClaimsPreTokenGenerationLambdaFunction',
      'ListOrdersLambdaFunction',
      'PreSignUpLambdaFunction',
    ]);
    expect(
      template.Resources.CognitoClaimsPreTokenGenerationLambdaFunction?.Properties,
    ).toMatchObject({
      Handler: '.cognito-claims/pre-token-generation/index.handler',
      Runtime: 'nodejs22.x',
      MemorySize: 256,
      Timeout: 5,
    });
    expect(
      zipEntries(join(main.dir, '.serverless', 'cognitoClaimsPreTokenGeneration.zip')).sort(),
    ).toEqual([
      '.cognito-claims/pre-token-generation/config-validator.js',
      // Loaded only for a config with table sources (docs/sources.md).
      '.cognito-claims/pre-token-generation/dynamodb-reader.js',
      '.cognito-claims/pre-token-generation/index.js',
      // Loaded only for a config with `transform` or `groups` rules (docs/performance.md).
      '.cognito-claims/pre-token-generation/rule-features.js',
      '.cognito-claims/pre-token-generation/validated-config.json',
    ]);
  });

  it('wires Pre Token Generation V2_0 on the pool by ARN and leaves the user trigger and function alone', () => {
    // Assess
    expect(template.Resources.OrdersUserPool?.Properties.LambdaConfig).toEqual({
      PreSignUp: { 'Fn::GetAtt': ['PreSignUpLambdaFunction', 'Arn'] },
      PreTokenGenerationConfig: {
        LambdaArn: { 'Fn::GetAtt': ['CognitoClaimsPreTokenGenerationLambdaFunction', 'Arn'] },
        LambdaVersion: 'V2_0',
      },
    });
    expect(template.Resources.ListOrdersLambdaFunction?.Properties).toMatchObject({
      Handler: 'src/orders.list',
    });
    expect(zipEntries(join(main.dir, '.serverless', 'consumer-orders.zip')).sort()).toEqual([
      'src/orders.js',
      'src/pre-sign-up.js',
    ]);
  });

  it('lets only the service pool invoke the trigger, and adds the alarms and log retention', () => {
    // Assess
    expect(template.Resources.CognitoClaimsPreTokenGenerationCognitoPermission?.Properties).toEqual(
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['CognitoClaimsPreTokenGenerationLambdaFunction', 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': ['OrdersUserPool', 'Arn'] },
        SourceAccount: { Ref: 'AWS::AccountId' },
      },
    );
    expect(template.Resources.CognitoClaimsMappingFailuresAlarm?.Type).toBe(
      'AWS::CloudWatch::Alarm',
    );
    expect(template.Resources.CognitoClaimsPreTokenGenerationErrorsAlarm?.Type).toBe(
      'AWS::CloudWatch::Alarm',
    );
    expect(template.Resources.CognitoClaimsPreTokenGenerationLogGroup?.Properties).toMatchObject({
      RetentionInDays: 14,
    });
  });

  it('adds the verifying authorizer as an HTTP API authorizer the user routes name, cached per token and route', () => {
    // Assess
    expect(template.Resources.HttpApiAuthorizerClaimsAuthorizer?.Properties).toMatchObject({
      Name: 'claimsAuthorizer',
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      AuthorizerResultTtlInSeconds: 300,
    });
    const authorizer = template.Resources.CognitoClaimsAuthorizerLambdaFunction;
    const environment = (authorizer?.Properties.Environment as { Variables: Json } | undefined)
      ?.Variables;
    expect(environment?.JWT_AUDIENCE).toEqual({ 'Fn::Join': [',', [{ Ref: 'OrdersWebClient' }]] });
    expect(JSON.stringify(environment?.JWT_ISSUER_URL)).toContain('"Ref":"OrdersUserPool"');
    expect(JSON.stringify(template.Resources.HttpApiRouteGetOrders?.Properties)).toContain(
      'HttpApiAuthorizerClaimsAuthorizer',
    );
  });

  it('passes cfn-lint with no error', async () => {
    // Act
    const lint = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(
        'cfn-lint',
        [join(main.dir, TEMPLATE)],
        { timeout: 120_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
      ),
    );
    // Assess: cfn-lint's exit code is a bit mask; 2 means an error (4 and 8 are warnings, notes).
    expect({ error: (lint.code & 2) !== 0, out: (lint.code & 2) !== 0 ? lint.out : '' }).toEqual({
      error: false,
      out: '',
    });
  }, 120_000);

  it("gives the user's claims, not the demo's, when the packaged artifact runs on a sign-in", async () => {
    // Prepare
    const dir = join(work, 'artifact');
    extractZip(join(main.dir, '.serverless', 'cognitoClaimsPreTokenGeneration.zip'), dir);
    const event = getTestEvent<{ request: { userAttributes: Record<string, string> } }>(
      'pre-token-generation/v2-hosted-auth-federated',
    );
    event.request.userAttributes['custom:org'] = 'orders-eu';
    const { handler } = require(
      join(dir, '.cognito-claims', 'pre-token-generation', 'index.js'),
    ) as {
      handler: (event: unknown, context: unknown) => Promise<{ response: Json }>;
    };
    // Act
    const result = await handler(event, {
      functionName: 'f',
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => 5000,
    });
    // Assess
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { org: 'orders-eu' } },
        accessTokenGeneration: { claimsToAddOrOverride: { org: 'orders-eu', orders_plan: 'gold' } },
      },
    });
    expect(JSON.stringify(result.response)).not.toContain('tenant_id');
  });

  it('refuses a pool that already has another Pre Token Generation function, naming it', () => {
    // Assess
    expect(refusals.ownPreToken?.code).not.toBe(0);
    expect(refusals.ownPreToken?.out).toContain(
      'User pool OrdersUserPool already runs function PreSignUpLambdaFunction on Pre Token Generation',
    );
  });

  it('refuses a required claim from an attribute the pool does not define, naming both', () => {
    // Assess
    expect(refusals.missingAttribute?.code).not.toBe(0);
    expect(refusals.missingAttribute?.out).toContain('custom:tenant');
    expect(refusals.missingAttribute?.out).toContain('"org"');
  });

  it('refuses an unknown key under custom.cognitoClaims with its path', () => {
    // Assess
    expect(refusals.unknownKey?.code).not.toBe(0);
    // osls refuses it by the schema the plugin defines; with configValidationMode "warn" the
    // plugin's own check refuses it in its words.
    expect(refusals.unknownKey?.out).toMatch(
      /custom\.cognitoClaims(\.userPol: unknown key|': unrecognized property 'userPol')/,
    );
  });
});
