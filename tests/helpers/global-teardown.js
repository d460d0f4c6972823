// The suite-wide secret scan: fails the run if any registered secret (sensitive attribute
// values, IdP tokens, JWTs made in tests) or anything shaped like a JWT appears in any output
// captured from any test file.
const { readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

module.exports = async () => {
  const dir = process.env.COGNITO_CLAIMS_LOG_DIR;
  if (!dir) throw new Error('Secret scan: no log folder (global-setup.js did not run)');
  const files = readdirSync(dir);
  const secrets = new Set();
  for (const file of files.filter((f) => f.endsWith('.secrets.json'))) {
    for (const secret of JSON.parse(readFileSync(join(dir, file), 'utf8'))) secrets.add(secret);
  }
  const problems = [];
  let bytes = 0;
  for (const file of files.filter((f) => f.endsWith('.log'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    bytes += text.length;
    for (const secret of secrets) {
      if (secret.length >= 6 && text.includes(secret)) {
        problems.push(`${file}: a registered secret (${secret.length} chars) was logged`);
      }
    }
    if (JWT.test(text)) problems.push(`${file}: a JWT was logged`);
  }
  if (problems.length > 0) {
    // The folder is kept for inspection.
    throw new Error(`Secret scan failed:\n${problems.join('\n')}`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\nSecret scan: ${secrets.size} registered secrets checked against ${bytes.toLocaleString('en')} bytes of captured output: none found.\n`,
  );
};
