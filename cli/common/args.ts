/**
 * Flag parsing for the operator tools (node:util parseArgs), with errors that name the flag. The
 * flags several commands share are defined once here, with their help lines, so they mean the
 * same and read the same in every command.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { REGION_PATTERN } from '../../shared/core/cognito';
import type { AwsOptions } from './aws';
import { UsageError } from './errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** What one AWS request attempt may take, connection included, unless --timeout says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
export const DEFAULT_MAX_ATTEMPTS = 5;

export const CONFIG_OPTION = { config: { type: 'string' } } as const satisfies Options;
export const JSON_OPTION = { json: { type: 'boolean' } } as const satisfies Options;
export const STAGE_OPTION = { stage: { type: 'string' } } as const satisfies Options;

export const AWS_OPTIONS = {
  region: { type: 'string' },
  endpoint: { type: 'string' },
  profile: { type: 'string' },
  timeout: { type: 'string' },
  'max-attempts': { type: 'string' },
} as const satisfies Options;

/** The help line of each shared flag, worded once for every command. */
const SHARED_HELP = {
  config: ['--config <file>', 'claims config (default: CLAIMS_CONFIG, else ./claims.config.json)'],
  region: ['--region <region>', "default: AWS_REGION, else the pool ID's region"],
  profile: ['--profile <name>', 'AWS profile from ~/.aws/config or ~/.aws/credentials'],
  endpoint: ['--endpoint <url>', 'a Cognito-compatible endpoint (e.g. cognito-local)'],
  timeout: [
    '--timeout <seconds>',
    `how long one AWS request attempt may take, connecting included (default ${DEFAULT_TIMEOUT_SECONDS})`,
  ],
  'max-attempts': [
    '--max-attempts <n>',
    `attempts per AWS call, adaptive retry with backoff (default ${DEFAULT_MAX_ATTEMPTS})`,
  ],
  stage: ['--stage <name>', 'the deployed stage (default dev)'],
  json: ['--json', 'machine-readable output on stdout'],
  help: ['-h, --help', 'this help'],
} as const;
export type SharedFlag = keyof typeof SHARED_HELP;

/** The width of the flag column in every usage text, and of the whole text. */
const FLAG_COLUMN = 24;
const WIDTH = 100;

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

/** Usage lines: `[flag, text]` pairs, or a shared flag by name, aligned in one column. */
export function optionLines(entries: readonly (SharedFlag | readonly [string, string])[]): string {
  const indent = ' '.repeat(FLAG_COLUMN + 1);
  return entries
    .map((entry) => {
      const [flag, text] = typeof entry === 'string' ? SHARED_HELP[entry] : entry;
      const [first = '', ...rest] = wrap(text, WIDTH - FLAG_COLUMN - 1);
      const head =
        flag.length >= FLAG_COLUMN - 2
          ? `  ${flag}\n${indent}${first}`
          : `  ${flag.padEnd(FLAG_COLUMN - 1)}${first}`;
      return [head, ...rest.map((line) => `${indent}${line}`)].join('\n');
    })
    .join('\n');
}

export const AWS_HELP: readonly SharedFlag[] = [
  'region',
  'profile',
  'endpoint',
  'timeout',
  'max-attempts',
];

export function parseFlags<O extends Options>(
  args: readonly string[],
  options: O,
  positionals = false,
) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: positionals,
    });
  } catch (error) {
    // node's own errors; under a test runner they may come from another realm, so no instanceof.
    const { code, message = String(error) } = (error ?? {}) as { code?: string; message?: string };
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    throw new UsageError(
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown
        ? `unknown option ${unknown}`
        : (message.split('\n')[0] ?? 'invalid arguments'),
      { cause: error },
    );
  }
}

export function positiveInt(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--${flag} expects a whole number of at least 1, got "${raw}"`);
  }
  return value;
}

/** Seconds, fractions allowed (a test waits 0.3 s), as milliseconds. */
function timeoutMs(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(
      `--timeout expects a number of seconds above 0 and at most 3600, e.g. --timeout 10, got "${raw}"`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

const URL_PATTERN = /^https?:\/\/[^\s/]+/;
/** What the SDK accepts as a region for an emulator: one DNS label. */
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Whether `region` can be the region of a call: an AWS region name, or any label for an emulator. */
export function isRegionName(region: string, endpoint?: string): boolean {
  return endpoint ? HOST_LABEL.test(region) : REGION_PATTERN.test(region);
}

/** The AWS client settings given by the `AWS_OPTIONS` flags, each checked and named. */
export function awsOptionsFrom(values: {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly timeout?: string;
  readonly 'max-attempts'?: string;
}): AwsOptions {
  const maxAttempts = positiveInt(values['max-attempts'], 'max-attempts');
  const { region, endpoint, profile } = values;
  if (endpoint !== undefined && !URL_PATTERN.test(endpoint)) {
    throw new UsageError(
      `--endpoint "${endpoint}" is not an http(s) URL: pass one such as http://127.0.0.1:9229`,
    );
  }
  if (region !== undefined && !isRegionName(region, endpoint)) {
    throw new UsageError(
      `--region "${region}" is not an AWS region name: pass one such as --region eu-west-1`,
    );
  }
  if (profile !== undefined && profile.trim() === '') {
    throw new UsageError('--profile is empty: pass the name of a profile in ~/.aws/config');
  }
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(profile ? { profile } : {}),
    maxAttempts: maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    timeoutMs: timeoutMs(values.timeout),
  };
}

export function requireFlag(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required (${what})`);
  return value;
}
