/**
 * Recognising a local Cognito emulator from what the command was given. cognito-local names its
 * pools `local_<id>` and calls the triggers named in its own `.cognito/config.json`
 * (TriggerFunctions) for every pool: a pool's LambdaConfig is stored but never used.
 */

export const Emulator = {
  COGNITO_LOCAL: 'cognito-local',
} as const;
export type Emulator = (typeof Emulator)[keyof typeof Emulator];

/** The emulator behind `endpoint` serving `userPoolId`, when it is one we know. */
export function emulatorOf(userPoolId: string, endpoint: string | undefined): Emulator | undefined {
  return endpoint !== undefined && userPoolId.startsWith('local_')
    ? Emulator.COGNITO_LOCAL
    : undefined;
}
