/**
 * Behaviour frozen across refactors: every fixture event (tests/events and the bench's fixtures)
 * through each trigger's real handler with the repository's default config, its response and the
 * records it logs compared byte for byte with tests/golden/recorded/. Re-record only for a change
 * meant to alter behaviour: `UPDATE_GOLDEN=1 npx jest tests/golden`.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { configVersion } from '../../shared/core/config/config-version';
import { parseConfigText } from '../../shared/core/config/parse-config';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { capturedRecords, clearLogs } from '../helpers/log-capture';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const ROOT = join(__dirname, '..', '..');
const RECORDED = join(__dirname, 'recorded');
const DEFAULT_CONFIG = readFileSync(join(ROOT, 'claims.config.json'), 'utf8');
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const TRIGGERS = ['pre-token-generation', 'post-authentication', 'inbound-federation'] as const;

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonFiles(path);
      return name.endsWith('.json') ? [path] : [];
    });

const EVENTS = [
  ...jsonFiles(join(ROOT, 'tests', 'events')),
  join(ROOT, 'bench', 'fixtures', 'pre-token-generation-v2.json'),
  join(ROOT, 'bench', 'fixtures', 'post-authentication.json'),
];

const CONFIG_VERSION = configVersion(parseConfigText(DEFAULT_CONFIG));

/**
 * What varies between runs and says nothing about behaviour: wall-clock times, and the config's
 * version (checked here, left out of the file so an edit to claims.config.json alone re-records
 * nothing; its behaviour is frozen by the answers themselves).
 */
const stable = (record: Record<string, unknown>): Record<string, unknown> => {
  const { timestamp: _timestamp, configVersion: version, ...rest } = record;
  if (!('_aws' in record) && version !== CONFIG_VERSION) {
    throw new Error(`record without the config's version ${CONFIG_VERSION}: ${String(version)}`);
  }
  const aws = rest._aws as Record<string, unknown> | undefined;
  if (aws) rest._aws = { ...aws, Timestamp: 0 };
  return rest;
};

const outcome = async (handler: Handler, event: unknown) => {
  clearLogs();
  let result: unknown;
  try {
    result = { response: await handler(event, lambdaContext()) };
  } catch (error) {
    result = { thrown: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  return { ...(result as object), records: capturedRecords().map(stable) };
};

describe('trigger behaviour', () => {
  beforeAll(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterAll(() => jest.restoreAllMocks());

  it.each(TRIGGERS)('%s answers every fixture event as recorded', async (trigger) => {
    // Prepare
    const handler = loadHandler<Handler>(`../../functions/${trigger}/handler`, DEFAULT_CONFIG);
    const answers: Record<string, unknown> = {};
    // Act
    for (const file of EVENTS) {
      const event = JSON.parse(readFileSync(file, 'utf8'));
      answers[relative(ROOT, file)] = await outcome(handler, event);
    }
    // Assess
    const text = `${JSON.stringify(answers, null, 2)}\n`;
    const golden = join(RECORDED, `${trigger}.json`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(RECORDED, { recursive: true });
      writeFileSync(golden, text);
    }
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
