import type { BuildOptions, LogLevel, Metafile } from 'esbuild';

export declare const VALIDATOR_FILE: string;
export declare const READER_FILE: string;
export declare const FEATURES_FILE: string;
export declare const PACKAGED_CONFIG_FILE: string;
/** Writes `validated-config.json`: the config (already validated by parseConfig) and its version. */
export declare const writePackagedConfig: (outdir: string, config: unknown) => Promise<number>;
export declare const bundleOptions: BuildOptions;
export declare const buildFunctionBundle: (options: {
  entry: string;
  outdir: string;
  /** A config already validated by parseConfig: written beside the bundle as is. */
  config: unknown;
  metafile?: boolean;
  logLevel?: LogLevel;
  /** No minification: for a CPU profile that names functions and lines. */
  readable?: boolean;
}) => Promise<{
  index: number;
  config: number;
  validator: number;
  /** The table reader, written where the function can read `sources`. */
  reader?: number;
  /** The rule features (`transform`, `groups`), written where the function compiles claim rules. */
  features?: number;
  metafile?: Metafile;
}>;

/** The config validator the functions ship (shared/runtime/config/config-validator.ts, compiled). */
export declare const loadValidator: () => Promise<
  typeof import('../shared/runtime/config/config-validator')
>;
