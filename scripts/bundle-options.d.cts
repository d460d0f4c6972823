import type { BuildOptions } from 'esbuild';

export declare const functionBundleOptions: (entry: string, outfile: string) => BuildOptions;
