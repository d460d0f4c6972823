/** The first table: each bundle's size, whether it holds the AWS SDK, and its load against the floor. */
import { bytes, fixed, printTable } from './format';
import type { ModuleLoads } from './module-load';
import type { Sizes } from './sizes';
import { percentile, type Timing } from './stats';

/** The name the Cognito SDK client's load is kept under, for scale. */
export const SDK_MODULE = 'AWS SDK Cognito client';

export function printBundles({ functions, sizes, tooling }: Sizes, loads: ModuleLoads): void {
  const floorLoad = loads.timings.floor?.median ?? Number.NaN;
  const p90 = (name: string) => `${fixed(percentile(loads.samples[name] ?? [], 0.9), 2)} ms`;
  console.log('\nBundles (dist/, built from claims.config.json) and module load time');
  printTable(
    ['bundle', 'bytes', 'gzip', 'AWS SDK', 'load median', 'load p90', 'vs floor'],
    [
      ...['floor', ...functions].map((name) => {
        const size = sizes[name];
        const timed = loads.timings[name] as Timing;
        return [
          name === 'floor' ? 'floor (empty handler, same setup)' : `${name}/index.js`,
          bytes(size?.bytes ?? 0),
          bytes(size?.gzipBytes ?? 0),
          size?.awsSdk ? 'yes' : 'no',
          `${fixed(timed.median, 2)} ms`,
          p90(name),
          `${fixed(timed.median / floorLoad, 2)}x`,
        ];
      }),
      [
        'for scale: the Cognito SDK client',
        '',
        '',
        'is it',
        `${fixed(loads.timings[SDK_MODULE]?.median ?? 0, 2)} ms`,
        p90(SDK_MODULE),
        `${fixed((loads.timings[SDK_MODULE]?.median ?? 0) / floorLoad, 2)}x`,
      ],
    ],
  );
  const validatorBytes = sizes['pre-token-generation']?.validatorBytes ?? 0;
  console.log(
    `  Each function folder also holds config-validator.js (${bytes(validatorBytes)} B), loaded only when CLAIMS_CONFIG is set at run time.`,
  );
  console.log(
    `  Tooling bundles: ${Object.entries(tooling)
      .map(([file, sdk]) => `${file} ${sdk ? 'uses' : 'does not use'} the AWS SDK`)
      .join('; ')}.`,
  );
}
