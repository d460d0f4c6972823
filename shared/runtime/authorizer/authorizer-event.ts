/**
 * The three event shapes an API Gateway Lambda authorizer receives, read into one request:
 * HTTP API payload 2.0 (`routeKey`, `routeArn`, `identitySource`), and REST API (or HTTP API
 * payload 1.0) TOKEN (`authorizationToken`, `methodArn`) and REQUEST (`headers`, `methodArn`).
 */
import { EventError } from '../../core/errors';
import { isRecord } from '../../core/is-record';

export const AuthorizerEventKind = {
  HTTP_API_V2: 'http-api-v2',
  TOKEN: 'token',
  REQUEST: 'request',
} as const;
export type AuthorizerEventKind = (typeof AuthorizerEventKind)[keyof typeof AuthorizerEventKind];

export interface AuthorizerRequest {
  readonly kind: AuthorizerEventKind;
  /** The bearer token without its "Bearer " prefix; undefined when absent. */
  readonly token?: string;
  /** "GET /me" */
  readonly routeKey: string;
  /**
   * The route key names the path as sent ("GET /items/42", REST TOKEN), not the route template
   * API Gateway selected ("GET /items/{id}", HTTP API and REST REQUEST).
   */
  readonly concrete: boolean;
  /** The ARN an IAM policy answer must name (methodArn or routeArn). */
  readonly resourceArn: string;
}

const bearer = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const token = value.trim().replace(/^bearer\s+/i, '');
  return token === '' ? undefined : token;
};

const header = (headers: unknown, name: string): unknown => {
  if (!isRecord(headers)) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
};

const requireString = (event: Record<string, unknown>, field: string): string => {
  const value = event[field];
  if (typeof value !== 'string' || value === '') {
    throw new EventError(`${field}: expected a non-empty string`);
  }
  return value;
};

/** "arn:aws:execute-api:eu-west-1:123:api/stage/GET/items/42" → "GET /items/42" */
export const routeKeyFromArn = (arn: string): string => {
  // The path may itself hold colons: everything after the fifth one is api/stage/VERB/path.
  const parts = arn.split(':').slice(5).join(':').split('/');
  const method = parts[2];
  if (!method)
    throw new EventError('methodArn: expected arn:aws:execute-api:...:api/stage/VERB/path');
  return `${method} /${parts.slice(3).join('/')}`;
};

/** @throws EventError naming the field when the event is none of the three shapes. */
export const readAuthorizerEvent = (event: unknown): AuthorizerRequest => {
  if (!isRecord(event)) throw new EventError('event: expected an object');
  if (event.version === '2.0') {
    const identity = Array.isArray(event.identitySource) ? event.identitySource[0] : undefined;
    const token = bearer(identity) ?? bearer(header(event.headers, 'authorization'));
    return {
      kind: AuthorizerEventKind.HTTP_API_V2,
      ...(token ? { token } : {}),
      routeKey: requireString(event, 'routeKey'),
      concrete: false,
      resourceArn: requireString(event, 'routeArn'),
    };
  }
  const methodArn = requireString(event, 'methodArn');
  if (event.type === 'TOKEN') {
    const token = bearer(event.authorizationToken);
    return {
      kind: AuthorizerEventKind.TOKEN,
      ...(token ? { token } : {}),
      // A TOKEN event names the concrete path only: "/items/42", not "/items/{id}".
      routeKey: routeKeyFromArn(methodArn),
      concrete: true,
      resourceArn: methodArn,
    };
  }
  if (event.type === 'REQUEST') {
    const token = bearer(header(event.headers, 'authorization'));
    const method = typeof event.httpMethod === 'string' ? event.httpMethod : undefined;
    const resource = typeof event.resource === 'string' ? event.resource : undefined;
    return {
      kind: AuthorizerEventKind.REQUEST,
      ...(token ? { token } : {}),
      routeKey: method && resource ? `${method} ${resource}` : routeKeyFromArn(methodArn),
      concrete: !(method && resource),
      resourceArn: methodArn,
    };
  }
  throw new EventError('type: expected "TOKEN" or "REQUEST" (or version "2.0")');
};
