/** Flag parsing for the operator tools (node:util parseArgs), with errors that name the flag. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { AwsOptions } from './aws';
import { UsageError } from './errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

export const AWS_OPTIONS = {
  region: { type: 'string' },
  endpoint: { type: 'string' },
  profile: { type: 'string' },
  'max-attempts': { type: 'string' },
} as const satisfies Options;

export const parseFlags = <O extends Options>(
  args: readonly string[],
  options: O,
  positionals = false,
) => {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: positionals,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(message ?? 'invalid arguments', { cause: error });
  }
};

export const positiveInt = (raw: string | undefined, flag: string): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--${flag} expects a whole number of at least 1, got "${raw}"`);
  }
  return value;
};

/** The AWS client settings given by the `AWS_OPTIONS` flags. */
export const awsOptionsFrom = (values: {
  readonly region?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly 'max-attempts'?: string;
}): AwsOptions => {
  const maxAttempts = positiveInt(values['max-attempts'], 'max-attempts');
  return {
    ...(values.region ? { region: values.region } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  };
};

export const requireFlag = (value: string | undefined, flag: string, what: string): string => {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required (${what})`);
  return value;
};
