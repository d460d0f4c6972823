// Starts each run with an empty log-capture folder (see log-capture.ts).
const { rmSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async () => {
  const dir = join(__dirname, '..', '..', '.jest-logs');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
};
