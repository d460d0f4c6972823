/**
 * `npm run attach -- <options>`: the same as `cognito-claims attach <options>`, kept as an alias.
 * See cli/attach/.
 */
import { runFromProcess } from './main';

runFromProcess(['attach', ...process.argv.slice(2)]);
