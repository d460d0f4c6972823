/**
 * The Serverless Framework loads a plugin module's export as the plugin class:
 * `plugins: [cognito-claims/serverless]` in a user's serverless.yml. Built into
 * dist/cli/serverless.js by `npm run build`; the plugin lives in cli/serverless-plugin/.
 */
import { CognitoClaimsServerlessPlugin } from './serverless-plugin/plugin';

module.exports = CognitoClaimsServerlessPlugin;
