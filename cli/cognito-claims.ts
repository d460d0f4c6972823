#!/usr/bin/env node
/**
 * Operator tools: `cognito-claims doctor | preview | failures | attach | validate`. Built into
 * dist/cli/cognito-claims.js by `npm run build`; the commands live in cli/<command>/, their
 * helpers in cli/common/, the dispatcher in cli/main.ts.
 */
import { runFromProcess } from './main';

runFromProcess(process.argv.slice(2));
