import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVersion } from '../../../shared/core/config/config-version';
import { parseConfigText } from '../../../shared/core/config/parse-config';
import { lambdaContext } from '../../helpers/lambda-context';
import { loadHandler } from '../../helpers/load-handler';
import { capturedRecords, clearLogs, failureRecords } from '../../helpers/log-capture';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const ROOT = join(__dirname, '..', '..', '..');
const CONFIG_TEXT = readFileSync(join(ROOT, 'claims.config.json'), 'utf8');
const event = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, 'tests', 'events', path), 'utf8')) as Record<string, unknown>;

const TRIGGERS = [
  ['pre-token-generation', 'pre-token-generation/v2-hosted-auth-federated.json'],
  ['post-authentication', 'post-authentication/federated-oidc.json'],
  ['inbound-federation', 'inbound-federation/oidc.json'],
] as const;

/** Every record each trigger writes at DEBUG, from its cold start through one sign-in. */
const recordsOf = async (config: string) => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  try {
    const records: Record<string, unknown>[] = [];
    for (const [trigger, file] of TRIGGERS) {
      clearLogs();
      const handler = loadHandler<Handler>(`../../functions/${trigger}/handler`, config);
      await handler(event(file), lambdaContext());
      records.push(...capturedRecords().filter((record) => !('_aws' in record)));
    }
    return records;
  } finally {
    if (previous === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = previous;
  }
};

describe('configVersion on every record', () => {
  it('is the same on every trigger’s cold-start line, DEBUG summary and failure for one config', async () => {
    // Prepare
    const expected = configVersion(parseConfigText(CONFIG_TEXT));
    // Act
    const records = await recordsOf(CONFIG_TEXT);
    // Assess
    const messages = records.map((record) => record.message);
    expect(messages.filter((m) => m === 'claims config loaded')).toHaveLength(3);
    expect(messages).toEqual(
      expect.arrayContaining([
        'token customisation built',
        'IdP tokens checked',
        'IdP attributes checked',
      ]),
    );
    expect(new Set(records.map((record) => record.configVersion))).toEqual(new Set([expected]));
  });

  it('differs for another config, and a failure record carries it', async () => {
    // Prepare
    const config = JSON.parse(CONFIG_TEXT) as { claims: Array<Record<string, unknown>> };
    config.claims.push({ claim: 'missing_here', from: 'custom:not_on_this_user', required: false });
    const other = JSON.stringify(config);
    // Act
    const records = await recordsOf(other);
    // Assess
    const versions = new Set(records.map((record) => record.configVersion));
    expect(versions).toEqual(new Set([configVersion(parseConfigText(other))]));
    expect(versions.has(configVersion(parseConfigText(CONFIG_TEXT)))).toBe(false);
  });

  it('is on a failure record, beside the failure', async () => {
    // Prepare
    clearLogs();
    const handler = loadHandler<Handler>(
      '../../functions/pre-token-generation/handler',
      CONFIG_TEXT,
    );
    const broken = event('pre-token-generation/malformed-attributes-list.json');
    // Act
    await handler(broken, lambdaContext());
    // Assess
    const failures = failureRecords();
    expect(failures.length).toBeGreaterThan(0);
    for (const record of failures) {
      expect(record.configVersion).toBe(configVersion(parseConfigText(CONFIG_TEXT)));
    }
  });
});
