/**
 * Packages the service with osls exactly as `npm run package` does (build, then `serverless
 * package`), offline and without AWS credentials, and checks the CloudFormation template it
 * writes. Three runs in parallel, each into its own folder: the default stage (a new user pool),
 * an existing pool with an alarm topic and V3_0 events, and the sourced demo (the demo config of
 * scripts/local with --param createSourceTables=true). cfn-lint checks all three: it is on every
 * machine image here, so a machine without it fails that test and says why.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../shared/core/config/parse-config';

const ROOT = join(__dirname, '..', '..');
const OSLS = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
const TEMPLATE = 'cloudformation-template-update-stack.json';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Condition?: string;
  Properties: Json;
}
interface Template {
  Parameters: Record<string, Json>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
}

/**
 * The functions the stack deploys: logical id prefix and the bundle they ship. The triggers come
 * from the package's plugin (custom.cognitoClaims), which ships each prebuilt bundle from
 * .cognito-claims/<bundle>/ with the config it validated; the others from dist/<bundle>/.
 */
const FUNCTIONS = {
  CognitoClaimsPreTokenGeneration: 'pre-token-generation',
  CognitoClaimsPostAuthentication: 'post-authentication',
  CognitoClaimsInboundFederation: 'inbound-federation',
  Authorizer: 'authorizer',
  Me: 'me',
} as const;
const TRIGGER_FUNCTIONS = [
  'CognitoClaimsPreTokenGeneration',
  'CognitoClaimsPostAuthentication',
  'CognitoClaimsInboundFederation',
] as const;
/** npm start's config: claims.config.json plus the "account" source and the claims it feeds. */
const DEMO_CONFIG = 'scripts/local/demo-claims.config.json';
const folderOf = (logical: string, bundle: string) =>
  logical.startsWith('CognitoClaims') ? `.cognito-claims/${bundle}` : `dist/${bundle}`;

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
  new Promise<string>((resolve, reject) => {
    execFile(command, args, { cwd, env, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });

/** The value at a path in parsed JSON, or undefined. */
const dig = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined),
    value,
  );

/** Entry names in a zip's central directory. */
const zipEntries = (file: string): string[] => {
  const zip = readFileSync(file);
  const names: string[] = [];
  for (let offset = 0; offset < zip.length - 46; offset++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) continue;
    const nameLength = zip.readUInt16LE(offset + 28);
    names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 45 + nameLength;
  }
  return names;
};

/** Every IAM action in the template, from roles, policies and managed policies. */
const iamActions = (template: Template): string[] => {
  const actions: string[] = [];
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, key);
    } else if (node && typeof node === 'object') {
      for (const [childKey, child] of Object.entries(node)) visit(child, childKey);
    } else if (typeof node === 'string' && (key === 'Action' || key === 'NotAction')) {
      actions.push(key === 'NotAction' ? `NotAction:${node}` : node);
    }
  };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type.startsWith('AWS::IAM::')) visit(resource.Properties);
  }
  return actions;
};

/**
 * cfn-lint comes with the machine image (pyenv's Python, /root/.pyenv/shims/cfn-lint here): it
 * cannot be installed from the registries these machines reach. Undefined when it is not found.
 */
const cfnLintMissing = ((): string | undefined => {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch (error) {
    return `cfn-lint is not on PATH (${(error as NodeJS.ErrnoException).code ?? 'it did not run'}): every machine image here has it (e.g. /root/.pyenv/shims/cfn-lint) and it cannot be installed from the registries these machines reach, so restore it on the image or put it on PATH`;
  }
})();

describe('npm run package (osls, offline)', () => {
  const dirs: string[] = [];
  const templates: string[] = [];
  let template: Template;
  let existing: Template;
  let demo: Template;
  let newPoolDir: string;
  const config = parseConfig(JSON.parse(readFileSync(join(ROOT, 'claims.config.json'), 'utf8')));

  const resourcesOfType = (t: Template, type: string) =>
    Object.entries(t.Resources).filter(([, resource]) => resource.Type === type);

  /** The service in a folder of its own, so parallel runs (and teammates) share no .serverless. */
  const isolatedService = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'sls-package-'));
    dirs.push(dir);
    for (const file of ['serverless.yml', 'package.json', 'claims.config.json', DEMO_CONFIG])
      cpSync(join(ROOT, file), join(dir, file));
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return dir;
  };

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1' };
    // Locally these point serverless-offline at cognito-local; a packaged template must not.
    for (const name of ['JWT_ISSUER_URL', 'JWT_AUDIENCE', 'CLAIMS_CONFIG', 'CLAIMS_CONFIG_FILE'])
      delete env[name];
    await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], ROOT, env);
    const newPool = isolatedService();
    const existingPool = isolatedService();
    const demoPool = isolatedService();
    await Promise.all([
      run(process.execPath, [OSLS, 'package', '--stage', 'test'], newPool, env),
      run(
        process.execPath,
        [
          OSLS,
          'package',
          '--stage',
          'prod',
          '--region',
          'us-east-1',
          '--param=userPoolId=us-east-1_AbCdEf123',
          '--param=userPoolClientId=1example23456789',
          '--param=alarmTopicArn=arn:aws:sns:us-east-1:123456789012:cognito-alarms',
          '--param=preTokenLambdaVersion=V3_0',
          '--param=mappingFailureThreshold=5',
          '--param=authorizerCacheTtl=600',
          '--param=dashboard=false',
          '--param=savedQueries=false',
        ],
        existingPool,
        env,
      ),
      // The deploy docs/deploy.md gives for the sourced demo: the plugin packages the triggers
      // with CLAIMS_CONFIG_FILE, as the build does.
      run(
        process.execPath,
        [OSLS, 'package', '--stage', 'demo', '--param=createSourceTables=true'],
        demoPool,
        { ...env, CLAIMS_CONFIG_FILE: DEMO_CONFIG },
      ),
    ]);
    newPoolDir = join(newPool, '.serverless');
    templates.push(
      join(newPoolDir, TEMPLATE),
      join(existingPool, '.serverless', TEMPLATE),
      join(demoPool, '.serverless', TEMPLATE),
    );
    template = JSON.parse(readFileSync(templates[0] ?? '', 'utf8')) as Template;
    existing = JSON.parse(readFileSync(templates[1] ?? '', 'utf8')) as Template;
    demo = JSON.parse(readFileSync(templates[2] ?? '', 'utf8')) as Template;
  }, 240_000);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('deploys every function on nodejs22.x, arm64, from its own bundle, packaged config and config validator only', () => {
    // Assess
    for (const [logical, folder] of Object.entries(FUNCTIONS)) {
      const fn = template.Resources[`${logical}LambdaFunction`];
      expect(fn?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: `${folderOf(logical, folder)}/index.handler`,
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: folder,
            POWERTOOLS_LOG_LEVEL: 'WARN',
            POWERTOOLS_METRICS_NAMESPACE: 'CognitoClaims',
            CLAIMS_CONFIG: '',
          },
        },
      });
      const zipName = `${logical[0]?.toLowerCase()}${logical.slice(1)}.zip`;
      // The bundle, the config validated by the build, and the validator it loads only for a
      // run-time CLAIMS_CONFIG.
      const dir = folderOf(logical, folder);
      expect(zipEntries(join(newPoolDir, zipName)).sort()).toEqual([
        `${dir}/config-validator.js`,
        // The table reader, loaded only for a config with sources (docs/sources.md).
        ...(folder === 'pre-token-generation' ? [`${dir}/dynamodb-reader.js`] : []),
        `${dir}/index.js`,
        // The rule features, loaded only for a config with `transform` or `groups` rules.
        ...(folder === 'pre-token-generation' ? [`${dir}/rule-features.js`] : []),
        `${dir}/validated-config.json`,
      ]);
    }
    expect(readdirSync(newPoolDir).filter((file) => file.endsWith('.zip'))).toHaveLength(5);
  });

  it('keeps the logs for the configured retention', () => {
    // Assess
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(groups).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
    for (const [, group] of resourcesOfType(existing, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });

  it('wires every trigger into the new pool, Pre Token Generation as V2_0 on Essentials', () => {
    // Prepare
    const arnOf = (logical: string) => ({ 'Fn::GetAtt': [`${logical}LambdaFunction`, 'Arn'] });
    // Act
    const pool = template.Resources.UserPool;
    // Assess
    expect(pool?.Condition).toBe('CreateUserPool');
    expect(pool?.Properties.UserPoolTier).toBe('ESSENTIALS');
    expect(pool?.Properties.LambdaConfig).toEqual({
      PreTokenGenerationConfig: {
        LambdaArn: arnOf('CognitoClaimsPreTokenGeneration'),
        LambdaVersion: 'V2_0',
      },
      PostAuthentication: arnOf('CognitoClaimsPostAuthentication'),
      PostConfirmation: arnOf('CognitoClaimsPostAuthentication'),
      InboundFederation: {
        LambdaArn: arnOf('CognitoClaimsInboundFederation'),
        LambdaVersion: 'V1_0',
      },
    });
    expect(existing.Resources.UserPool?.Properties.LambdaConfig).toMatchObject({
      PreTokenGenerationConfig: { LambdaVersion: 'V3_0' },
    });
  });

  it('lets Cognito invoke each trigger only for this pool and account', () => {
    // Prepare
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'cognito-idp.amazonaws.com',
    );
    // Assess
    const targets = permissions.map(([, p]) => (p.Properties.FunctionName as Json)['Fn::GetAtt']);
    expect(targets).toEqual(
      expect.arrayContaining(TRIGGER_FUNCTIONS.map((fn) => [`${fn}LambdaFunction`, 'Arn'])),
    );
    expect(permissions).toHaveLength(TRIGGER_FUNCTIONS.length);
    // The new pool's stack: the pool this stack creates, and only while it does.
    for (const [, permission] of permissions) {
      expect(permission).toMatchObject({
        Condition: 'CreateUserPool',
        Properties: {
          Action: 'lambda:InvokeFunction',
          SourceAccount: { Ref: 'AWS::AccountId' },
          SourceArn: { 'Fn::GetAtt': ['UserPool', 'Arn'] },
        },
      });
    }
    // The existing pool's stack: that pool when the stack creates none.
    expect(
      dig(
        existing.Resources.CognitoClaimsPreTokenGenerationCognitoPermission,
        'Properties',
        'SourceArn',
        'Fn::If',
        1,
      ),
    ).toEqual({ 'Fn::GetAtt': ['UserPool', 'Arn'] });
    const orElse = dig(
      existing.Resources.CognitoClaimsPreTokenGenerationCognitoPermission,
      'Properties',
      'SourceArn',
      'Fn::If',
      2,
    );
    expect(JSON.stringify(orElse)).toContain(':userpool/us-east-1_AbCdEf123');
    expect(existing.Conditions.CreateUserPool).toEqual({
      'Fn::Equals': ['us-east-1_AbCdEf123', ''],
    });
  });

  it('grants no wildcard IAM action', () => {
    // Act
    const actions = iamActions(template);
    // Assess
    expect(actions.length).toBeGreaterThan(0);
    expect(
      actions.filter((action) => action.includes('*') || action.startsWith('NotAction:')),
    ).toEqual([]);
  });

  it('creates the sourced demo table with --param createSourceTables=true and grants GetItem on that table only', () => {
    // Prepare
    const policies = (t: Template) =>
      resourcesOfType(t, 'AWS::IAM::Policy').filter(([id]) => id === 'CognitoClaimsSourcesPolicy');
    const dynamodbActions = (t: Template) =>
      iamActions(t).filter((action) => action.startsWith('dynamodb:'));

    // Assess: the table, keyed as the demo config's key, strings as key templates make.
    const tables = resourcesOfType(demo, 'AWS::DynamoDB::Table');
    expect(tables.map(([id]) => id)).toEqual(['CognitoClaimsSourceaccountTable']);
    expect(tables[0]?.[1].Properties).toEqual({
      TableName: 'Accounts',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
    });
    // The one statement names only that table's ARN, on the functions' role.
    expect(policies(demo).map(([, policy]) => policy.Properties)).toEqual([
      {
        PolicyName: 'cognito-claims-sources',
        Roles: [{ Ref: 'IamRoleLambdaExecution' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem'],
              Resource: [{ 'Fn::GetAtt': ['CognitoClaimsSourceaccountTable', 'Arn'] }],
            },
          ],
        },
      },
    ]);
    expect(dynamodbActions(demo)).toEqual(['dynamodb:GetItem']);
    // The triggers were packaged with the demo config: the sourced claims are in it.
    const packaged = JSON.parse(
      readFileSync(
        join(
          templates[2] ?? '',
          '..',
          '..',
          '.cognito-claims',
          'pre-token-generation',
          'validated-config.json',
        ),
        'utf8',
      ),
    );
    expect(Object.keys(packaged.config.sources)).toEqual(['account']);
    expect(packaged.configVersion).toMatch(/^[0-9a-f]{12}$/);
    // claims.config.json has no sources: the default stacks get no table and no DynamoDB grant.
    for (const t of [template, existing]) {
      expect(resourcesOfType(t, 'AWS::DynamoDB::Table')).toEqual([]);
      expect(dynamodbActions(t)).toEqual([]);
    }
  });

  it('alarms on mapping failures with the dimension the triggers emit and on Pre Token Generation errors and throttles', () => {
    // Prepare
    const alarms = Object.fromEntries(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));
    const mapping = alarms.CognitoClaimsMappingFailuresAlarm?.Properties;
    const errors = alarms.CognitoClaimsPreTokenGenerationErrorsAlarm?.Properties;
    const existingAlarms = Object.fromEntries(resourcesOfType(existing, 'AWS::CloudWatch::Alarm'));
    const stats = (alarm: Json | undefined) =>
      ((alarm?.Metrics as Json[]) ?? []).flatMap((m) =>
        m.MetricStat ? [m.MetricStat as Json] : [],
      );
    // Assess
    const services = TRIGGER_FUNCTIONS.map((fn) =>
      dig(
        template.Resources[`${fn}LambdaFunction`],
        'Properties',
        'Environment',
        'Variables',
        'POWERTOOLS_SERVICE_NAME',
      ),
    );
    expect(stats(mapping).map((s) => s.Metric)).toEqual(
      services.map((service) => ({
        Namespace: 'CognitoClaims',
        MetricName: 'MappingFailures',
        Dimensions: [{ Name: 'service', Value: service }],
      })),
    );
    expect(mapping).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(stats(errors).map((s) => (s.Metric as Json).MetricName)).toEqual([
      'Errors',
      'Throttles',
    ]);
    for (const stat of stats(errors)) {
      expect(stat.Metric).toMatchObject({
        Namespace: 'AWS/Lambda',
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: 'CognitoClaimsPreTokenGenerationLambdaFunction' } },
        ],
      });
    }
    // No topic: alarms without notification; --param alarmTopicArn: both alarms notify it.
    for (const alarm of [mapping, errors]) expect(alarm?.AlarmActions).toBeUndefined();
    const topic = 'arn:aws:sns:us-east-1:123456789012:cognito-alarms';
    for (const alarm of Object.values(existingAlarms)) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
    }
    // A --param arrives as a string; CloudFormation reads "5" as the number.
    expect(Number(existingAlarms.CognitoClaimsMappingFailuresAlarm?.Properties.Threshold)).toBe(5);
  });

  it('defines the custom attributes the config reads and writes, IdP tokens mutable and client-writable only', () => {
    // Prepare
    const schema = template.Resources.UserPool?.Properties.Schema as Array<{
      Name: string;
      Mutable?: boolean;
      StringAttributeConstraints?: { MaxLength: string };
    }>;
    const client = template.Resources.UserPoolClient?.Properties as unknown as {
      ReadAttributes: string[];
      WriteAttributes: string[];
    };
    const claimSources = config.claims.flatMap((rule) =>
      rule.from?.startsWith('custom:') ? [rule.from] : [],
    );
    const idpTokens = config.idpTokens.map((rule) => rule.attribute);
    // Assess
    const defined = new Map(schema.map((attribute) => [`custom:${attribute.Name}`, attribute]));
    for (const attribute of [...claimSources, ...idpTokens]) {
      expect(defined.has(attribute)).toBe(true);
      expect(client.ReadAttributes).toContain(attribute);
    }
    for (const rule of config.idpTokens) {
      const attribute = defined.get(rule.attribute);
      expect(attribute?.Mutable).toBe(true);
      expect(Number(attribute?.StringAttributeConstraints?.MaxLength)).toBeGreaterThanOrEqual(
        rule.maxLength,
      );
      expect(client.WriteAttributes).toContain(rule.attribute);
    }
    for (const attribute of claimSources) expect(client.WriteAttributes).not.toContain(attribute);
  });

  it('serves GET /me behind the HTTP API JWT authorizer with the pool as issuer and the client as audience', () => {
    // Prepare
    const [, authorizer] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer')[0] ?? [];
    const [, existingAuthorizer] =
      resourcesOfType(existing, 'AWS::ApiGatewayV2::Authorizer')[0] ?? [];
    const [, route] =
      resourcesOfType(template, 'AWS::ApiGatewayV2::Route').find(
        ([, r]) => r.Properties.RouteKey === 'GET /me',
      ) ?? [];
    // Assess
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::If': ['CreateUserPool', { Ref: 'UserPoolClient' }, ''] }],
      },
    });
    const issuer = JSON.stringify(dig(authorizer, 'Properties', 'JwtConfiguration', 'Issuer'));
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain('{"Ref":"UserPool"}');
    expect(route?.Properties).toMatchObject({ AuthorizationType: 'JWT' });
    expect(existingAuthorizer?.Properties.JwtConfiguration).toMatchObject({
      Audience: [{ 'Fn::If': ['CreateUserPool', { Ref: 'UserPoolClient' }, '1example23456789'] }],
    });
  });

  it("caches the Lambda authorizer's answer per token and route, for the authorizerCacheTtl parameter", () => {
    // Prepare
    const lambdaAuthorizer = (t: Template) =>
      resourcesOfType(t, 'AWS::ApiGatewayV2::Authorizer').find(
        ([, authorizer]) => authorizer.Properties.AuthorizerType === 'REQUEST',
      )?.[1];

    // Act
    const [byDefault, configured] = [template, existing].map(lambdaAuthorizer);

    // Assess
    expect(byDefault?.Properties).toMatchObject({
      Name: 'claimsAuthorizer',
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: false,
    });
    expect(configured?.Properties.IdentitySource).toEqual([
      '$request.header.Authorization',
      '$context.routeKey',
    ]);
    expect(Number(configured?.Properties.AuthorizerResultTtlInSeconds)).toBe(600);
  });

  it('refuses an authorizer cache TTL above the 3,600 seconds API Gateway allows', async () => {
    // Prepare
    const dir = isolatedService();
    const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1' };
    for (const name of ['JWT_ISSUER_URL', 'JWT_AUDIENCE', 'CLAIMS_CONFIG']) delete env[name];

    // Act
    const packaged = run(
      process.execPath,
      [OSLS, 'package', '--stage', 'test', '--param=authorizerCacheTtl=3601'],
      dir,
      env,
    );

    // Assess
    await expect(packaged).rejects.toThrow(/provider\.httpApi\.authorizers\.claimsAuthorizer/);
  }, 120_000);

  it('outputs the pool, the client, the API URL and the function ARNs attach reads', () => {
    // Assess
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining([
        'UserPoolId',
        'UserPoolClientId',
        'HttpApiUrl',
        'PreTokenGenerationFunctionArn',
        'PostAuthenticationFunctionArn',
        'InboundFederationFunctionArn',
        'PreTokenLambdaVersion',
      ]),
    );
    expect(template.Outputs.PreTokenLambdaVersion?.Value).toBe('V2_0');
  });

  it("adds the dashboard, the runbook's saved queries and the trigger duration alarm, each switched off by its parameter", () => {
    // Prepare
    const dashboard = template.Resources.CognitoClaimsDashboard;
    const body = dig(dashboard, 'Properties', 'DashboardBody', 'Fn::Sub') as [string, Json];
    const queries = resourcesOfType(template, 'AWS::Logs::QueryDefinition');
    const duration = template.Resources.CognitoClaimsTriggerDurationAlarm?.Properties;
    const topic = 'arn:aws:sns:us-east-1:123456789012:cognito-alarms';
    // Assess
    expect(dashboard?.Type).toBe('AWS::CloudWatch::Dashboard');
    expect(dashboard?.Properties.DashboardName).toBe('cognito-claims-test-health');
    const widgets = (JSON.parse(body[0]) as { widgets: { properties: { title: string } }[] })
      .widgets;
    expect(widgets.map((w) => w.properties.title)).toEqual([
      'Mapping failures by code',
      'Mapping failures by trigger',
      'Trigger errors and throttles',
      'Trigger duration p99 (Cognito waits 5 s)',
      'Authorizer denials by reason',
    ]);
    expect(Object.values(body[1])).toEqual(
      TRIGGER_FUNCTIONS.map((fn) => ({ Ref: `${fn}LambdaFunction` })),
    );
    expect(Object.fromEntries(queries.map(([id, q]) => [id, q.Properties.LogGroupNames]))).toEqual({
      CognitoClaimsFailuresByCodeQuery: TRIGGER_FUNCTIONS.map((fn) => ({ Ref: `${fn}LogGroup` })),
      CognitoClaimsUserRecordsQuery: TRIGGER_FUNCTIONS.map((fn) => ({ Ref: `${fn}LogGroup` })),
      CognitoClaimsDenialsByReasonQuery: [{ Ref: 'AuthorizerLogGroup' }],
    });
    for (const fn of TRIGGER_FUNCTIONS) {
      expect(template.Resources[`${fn}LogGroup`]?.Type).toBe('AWS::Logs::LogGroup');
    }
    expect(template.Resources.AuthorizerLogGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(duration).toMatchObject({
      AlarmName: 'cognito-claims-test-trigger-duration',
      Threshold: 4000,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(duration?.AlarmActions).toBeUndefined();
    // --param dashboard=false and savedQueries=false: the alarm stays, and notifies the topic.
    expect(existing.Resources.CognitoClaimsDashboard).toBeUndefined();
    expect(resourcesOfType(existing, 'AWS::Logs::QueryDefinition')).toEqual([]);
    expect(existing.Resources.CognitoClaimsTriggerDurationAlarm?.Properties).toMatchObject({
      AlarmName: 'cognito-claims-prod-trigger-duration',
      AlarmActions: [topic],
    });
  });

  it('passes cfn-lint with no errors', async () => {
    // Prepare
    if (cfnLintMissing) throw new Error(cfnLintMissing);
    // Act
    const lint = (file: string) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        execFile('cfn-lint', [file], { timeout: 120_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
        );
      });
    const results = await Promise.all(templates.map((file) => lint(file)));
    // Assess: exit code 4 means warnings only.
    for (const result of results) {
      expect({ code: result.code, errors: result.output.match(/^E\d+.*$/gm) ?? [] }).toEqual({
        code: result.code === 4 ? 4 : 0,
        errors: [],
      });
    }
  }, 120_000);
});
