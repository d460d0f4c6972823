// Gives each jest run its own log-capture folder (see log-capture.ts); runs may overlap.
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async () => {
  const dir = join(__dirname, '..', '..', '.jest-logs', `run-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  process.env.COGNITO_CLAIMS_LOG_DIR = dir;
};
