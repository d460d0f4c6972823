/**
 * Our own view of Cognito trigger events. Parsing is permissive: unknown fields and unknown
 * trigger sources are tolerated (AWS adds fields with new features), only what we read is checked.
 */
import type { GroupConfiguration, TokenRequest } from '../claims/types';
import { EventError } from '../errors';
import { isRecord } from '../is-record';

/** The envelope every user pool trigger shares. Values stay `unknown` until checked. */
export interface CognitoTriggerEvent {
  version?: unknown;
  triggerSource?: unknown;
  region?: unknown;
  userPoolId?: unknown;
  userName?: unknown;
  callerContext?: { awsSdkVersion?: unknown; clientId?: unknown } | null;
  request?: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** Who and where, for failure records. Every field optional: it may come from a broken event. */
export interface EventContext {
  readonly trigger?: string;
  readonly userPoolId?: string;
  readonly clientId?: string;
  readonly sub?: string;
}

const stringOrUndefined = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Best-effort context from any input, for logging; never throws. */
export const eventContext = (event: unknown): EventContext => {
  if (!isRecord(event)) return {};
  const request = isRecord(event.request) ? event.request : undefined;
  const attributes = isRecord(request?.userAttributes) ? request.userAttributes : undefined;
  const caller = isRecord(event.callerContext) ? event.callerContext : undefined;
  const context = {
    trigger: stringOrUndefined(event.triggerSource),
    userPoolId: stringOrUndefined(event.userPoolId),
    clientId: stringOrUndefined(caller?.clientId),
    sub: stringOrUndefined(attributes?.sub),
  };
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined));
};

/** The string-valued attributes of a `userAttributes` map; anything else is ignored. */
export const readUserAttributes = (request: Record<string, unknown>): Record<string, string> => {
  const raw = request.userAttributes;
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new EventError('request.userAttributes: expected an object');
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') attributes[name] = value;
  }
  return attributes;
};

const readStringArray = (value: unknown, path: string): string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EventError(`${path}: expected an array of strings`);
  return value.filter((item): item is string => typeof item === 'string');
};

const readGroupConfiguration = (value: unknown): GroupConfiguration | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new EventError('request.groupConfiguration: expected an object');
  return {
    groupsToOverride: readStringArray(
      value.groupsToOverride,
      'request.groupConfiguration.groupsToOverride',
    ),
    iamRolesToOverride: readStringArray(
      value.iamRolesToOverride,
      'request.groupConfiguration.iamRolesToOverride',
    ),
    preferredRole: stringOrUndefined(value.preferredRole) ?? null,
  };
};

const VERSIONS = ['0', '1', '2', '3'] as const;

/**
 * Reads a Pre Token Generation event into the core's request.
 * @throws EventError naming the field when the event cannot be answered safely.
 */
export const toTokenRequest = (event: unknown): TokenRequest => {
  if (!isRecord(event)) throw new EventError('event: expected an object');
  const version = typeof event.version === 'number' ? String(event.version) : event.version;
  if (typeof version !== 'string' || !(VERSIONS as readonly string[]).includes(version)) {
    throw new EventError('version: expected "1", "2" or "3" (or "0" from local emulators)');
  }
  if (typeof event.triggerSource !== 'string' || event.triggerSource === '') {
    throw new EventError('triggerSource: expected a string');
  }
  if (!isRecord(event.request)) throw new EventError('request: expected an object');
  if (event.response !== undefined && event.response !== null && !isRecord(event.response)) {
    throw new EventError('response: expected an object');
  }
  const caller = isRecord(event.callerContext) ? event.callerContext : undefined;
  const clientId = stringOrUndefined(caller?.clientId);
  const groupConfiguration = readGroupConfiguration(event.request.groupConfiguration);
  const scopes = event.request.scopes;
  return {
    version: version as TokenRequest['version'],
    triggerSource: event.triggerSource,
    ...(typeof event.userPoolId === 'string' && event.userPoolId !== ''
      ? { userPoolId: event.userPoolId }
      : {}),
    ...(clientId ? { clientId } : {}),
    userAttributes: readUserAttributes(event.request),
    ...(groupConfiguration ? { groupConfiguration } : {}),
    ...(scopes !== undefined && scopes !== null
      ? { scopes: readStringArray(scopes, 'request.scopes') }
      : {}),
  };
};
