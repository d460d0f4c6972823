/**
 * Loads the table reader only for a config with `sources`: a plain require of a sibling file
 * (`dynamodb-reader.js` beside index.js in a function bundle), so a config without sources
 * loads nothing new. A reader that cannot be loaded reads nothing and says so on every sign-in.
 */
import type { CompiledConfig } from '../../core/claims/compile';
import { FailureCode, FailureLevel } from '../../core/failure-codes';
import type { SourceReader, SourceReaderOptions } from './dynamodb-reader';

type ReaderModule = typeof import('./dynamodb-reader');

export function loadSourceReader(
  compiled: CompiledConfig,
  options: SourceReaderOptions,
): SourceReader {
  try {
    const reader = require('./dynamodb-reader') as ReaderModule;
    return reader.createSourceReader(compiled, options);
  } catch (error) {
    const errorName = error instanceof Error ? error.name : 'Error';
    return {
      read: async () => ({
        results: [],
        sourced: [],
        failures: compiled.sources.map((source) => ({
          code: FailureCode.SOURCE_UNAVAILABLE,
          level: FailureLevel.ERROR,
          message: `source "${source.name}" not read: the table reader (dynamodb-reader.js) could not be loaded; its claims are left out`,
          source: source.name,
          table: source.config.dynamodb.table,
          errorName,
        })),
      }),
    };
  }
}
