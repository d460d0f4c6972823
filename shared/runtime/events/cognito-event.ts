/**
 * Our own view of Cognito trigger events. Parsing is permissive: unknown fields and unknown
 * trigger sources are tolerated (AWS adds fields with new features), only what we read is checked.
 */
import type { GroupConfiguration, TokenRequest } from '../../core/claims/types';
import { EventError } from '../../core/errors';
import { isRecord } from '../../core/is-record';

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
  const context: { -readonly [K in keyof EventContext]: EventContext[K] } = {};
  if (typeof event.triggerSource === 'string') context.trigger = event.triggerSource;
  if (typeof event.userPoolId === 'string') context.userPoolId = event.userPoolId;
  if (typeof caller?.clientId === 'string') context.clientId = caller.clientId;
  if (typeof attributes?.sub === 'string') context.sub = attributes.sub;
  return context;
};

/** The `userAttributes` map as it is, for a reader that checks each value it reads. */
const userAttributesOf = (request: Record<string, unknown>): Readonly<Record<string, unknown>> => {
  const raw = request.userAttributes;
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new EventError('request.userAttributes: expected an object');
  return raw;
};

/**
 * The string-valued attributes of a `userAttributes` map; anything else is ignored. Cognito
 * sends strings only, and then the map is returned as it is, for reading: copying 40 attributes
 * would cost a sign-in more than building its claims.
 */
export const readUserAttributes = (
  request: Record<string, unknown>,
): Readonly<Record<string, string>> => {
  const raw = userAttributesOf(request);
  for (const name in raw) {
    if (typeof raw[name] !== 'string') return stringsOnly(raw);
  }
  return raw as Record<string, string>;
};

const stringsOnly = (raw: Record<string, unknown>): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') attributes[name] = value;
  }
  return attributes;
};

/** The strings of a list; the list itself when it holds nothing else, as Cognito's do. */
const readStringArray = (value: unknown, path: string): readonly string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EventError(`${path}: expected an array of strings`);
  for (const item of value) {
    if (typeof item !== 'string')
      return value.filter((one): one is string => typeof one === 'string');
  }
  return value as string[];
};

const GROUPS = 'request.groupConfiguration';

const readGroupConfiguration = (value: unknown): GroupConfiguration | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new EventError(`${GROUPS}: expected an object`);
  return {
    groupsToOverride: readStringArray(value.groupsToOverride, `${GROUPS}.groupsToOverride`),
    iamRolesToOverride: readStringArray(value.iamRolesToOverride, `${GROUPS}.iamRolesToOverride`),
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
  // Built by assignment, not spreads: this runs on every sign-in and token refresh.
  const request: { -readonly [K in keyof TokenRequest]: TokenRequest[K] } = {
    version: version as TokenRequest['version'],
    triggerSource: event.triggerSource,
    // Not copied: the core reads an attribute only when it is a string (40 would cost ~1 µs).
    userAttributes: userAttributesOf(event.request),
  };
  if (typeof event.userPoolId === 'string' && event.userPoolId !== '') {
    request.userPoolId = event.userPoolId;
  }
  if (clientId) request.clientId = clientId;
  // A federated user's name starts with the IdP's: what a `providers` condition reads first.
  if (typeof event.userName === 'string' && event.userName !== '')
    request.userName = event.userName;
  if (groupConfiguration) request.groupConfiguration = groupConfiguration;
  return request;
};
