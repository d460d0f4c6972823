/**
 * Loads a function's real handler module with a given CLAIMS_CONFIG, the way Lambda would at
 * cold start (config, logger and metrics are built at module scope).
 */
export const loadHandler = <H>(modulePath: string, config?: unknown): H => {
  const previous = process.env.CLAIMS_CONFIG;
  if (config === undefined) delete process.env.CLAIMS_CONFIG;
  else process.env.CLAIMS_CONFIG = typeof config === 'string' ? config : JSON.stringify(config);
  let loaded: { handler: H } | undefined;
  try {
    jest.isolateModules(() => {
      loaded = require(modulePath) as { handler: H };
    });
  } finally {
    if (previous === undefined) delete process.env.CLAIMS_CONFIG;
    else process.env.CLAIMS_CONFIG = previous;
  }
  if (!loaded) throw new Error(`could not load ${modulePath}`);
  return loaded.handler;
};
