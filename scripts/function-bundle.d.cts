import type { BuildOptions, LogLevel, Metafile } from 'esbuild';

export declare const VALIDATOR_FILE: string;
export declare const bundleOptions: BuildOptions;
export declare const buildFunctionBundle: (options: {
  entry: string;
  outdir: string;
  /** A config already validated by parseConfig: bundled as is. */
  config: unknown;
  metafile?: boolean;
  logLevel?: LogLevel;
  /** No minification: for a CPU profile that names functions and lines. */
  readable?: boolean;
}) => Promise<{ index: number; validator: number; metafile?: Metafile }>;

/** The config validator the functions ship (shared/config/parse-config.ts, compiled). */
export declare const loadValidator: () => Promise<typeof import('../shared/config/parse-config')>;
