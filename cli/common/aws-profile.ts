/**
 * Whether a named AWS profile exists, read from the shared config and credentials files the SDK
 * reads. The SDK itself only says "Could not load credentials from any providers" for a profile
 * that is not there, which sends the operator looking in the wrong place.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors';

type Env = Readonly<Record<string, string | undefined>>;

export interface ProfileFiles {
  readonly config: string;
  readonly credentials: string;
}

export function profileFiles(env: Env): ProfileFiles {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return {
    config: env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
  };
}

function sections(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)].map((match) => match[1] ?? '');
}

/** Profile names defined in either file: `[profile x]` (or `[default]`) in config, `[x]` in credentials. */
export function knownProfiles(env: Env): string[] {
  const files = profileFiles(env);
  const fromConfig = sections(files.config).flatMap((name) => {
    if (name === 'default') return ['default'];
    const profile = /^profile\s+(.+)$/.exec(name)?.[1];
    return profile ? [profile] : [];
  });
  return [...new Set([...fromConfig, ...sections(files.credentials)])];
}

/**
 * @param source how the profile was chosen (`--profile` or `AWS_PROFILE`), named in the error
 * @throws UsageError when no file defines the profile
 */
export function checkProfile(profile: string, source: string, env: Env): void {
  const known = knownProfiles(env);
  if (known.includes(profile)) return;
  const files = profileFiles(env);
  throw new UsageError(
    `${source} "${profile}": no such profile in ${files.config} or ${files.credentials} (${
      known.length > 0 ? `profiles there: ${known.join(', ')}` : 'neither file defines any'
    }): correct ${source}, or create it with \`aws configure --profile ${profile}\``,
  );
}
