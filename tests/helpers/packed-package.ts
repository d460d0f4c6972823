/**
 * The package as a user installs it: `npm pack` of this repository (npm test has built dist/
 * first, so the prepack build is skipped) and an install of the tarball into a fresh project,
 * scripts on, its dependencies from the npm cache `npm ci` filled, else the registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface PackedPackage {
  readonly tarball: string;
  /** Paths inside the tarball, as npm lists them. */
  readonly files: readonly string[];
}

export function packPackage(destination: string): PackedPackage {
  const out = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', destination],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error('npm pack wrote nothing');
  return { tarball: join(destination, info.filename), files: info.files.map((file) => file.path) };
}

/** Installs the tarball into `project` (created with a package.json when it has none). */
export function installInto(project: string, tarball: string, name = 'consumer'): void {
  mkdirSync(project, { recursive: true });
  try {
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true }),
      { flag: 'wx' },
    );
  } catch {
    // The project brought its own package.json.
  }
  const install = spawnSync(
    'npm',
    ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'],
    {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    },
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
}
