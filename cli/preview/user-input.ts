/**
 * The user `preview` runs for, from a JSON file in any of the shapes operators already have:
 * a plain attribute map, `aws cognito-idp admin-get-user` / `list-users` output, or a Pre Token
 * Generation trigger event (whose trigger source, version, client and groups become defaults).
 */

import { isRecord } from '../../shared/core/is-record';
import { UsageError } from '../common/errors';

export interface UserInput {
  readonly attributes: Record<string, string>;
  readonly username?: string;
  readonly groups?: string[];
  readonly triggerSource?: string;
  readonly version?: string;
  readonly clientId?: string;
  readonly scopes?: string[];
}

const fromNameValueList = (list: unknown, where: string): Record<string, string> => {
  if (!Array.isArray(list)) throw new UsageError(`${where}: expected an array of {"Name","Value"}`);
  return Object.fromEntries(
    list.map((item, i) => {
      if (!isRecord(item) || typeof item.Name !== 'string' || typeof item.Value !== 'string') {
        throw new UsageError(`${where}[${i}]: expected {"Name": string, "Value": string}`);
      }
      return [item.Name, item.Value];
    }),
  );
};

const fromMap = (map: Record<string, unknown>, where: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(map).map(([name, value]) => {
      if (typeof value !== 'string') {
        throw new UsageError(
          `${where}.${name}: expected a string (Cognito stores every attribute as a string), got ${Array.isArray(value) ? 'an array' : typeof value}`,
        );
      }
      return [name, value];
    }),
  );

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : undefined;

export const parseUserInput = (document: unknown, source: string): UserInput => {
  if (!isRecord(document)) throw new UsageError(`${source}: expected a JSON object`);
  if ('UserAttributes' in document || 'Attributes' in document) {
    const list = document.UserAttributes ?? document.Attributes;
    return {
      attributes: fromNameValueList(
        list,
        `${source} ${'UserAttributes' in document ? 'UserAttributes' : 'Attributes'}`,
      ),
      ...(typeof document.Username === 'string' ? { username: document.Username } : {}),
    };
  }
  if (isRecord(document.request) && 'triggerSource' in document) {
    const request = document.request;
    const attributes = isRecord(request.userAttributes) ? request.userAttributes : {};
    const groups = isRecord(request.groupConfiguration)
      ? stringList(request.groupConfiguration.groupsToOverride)
      : undefined;
    const caller = isRecord(document.callerContext) ? document.callerContext : {};
    const scopes = stringList(request.scopes);
    return {
      attributes: fromMap(attributes, `${source} request.userAttributes`),
      ...(typeof document.userName === 'string' ? { username: document.userName } : {}),
      ...(groups ? { groups } : {}),
      ...(typeof document.triggerSource === 'string'
        ? { triggerSource: document.triggerSource }
        : {}),
      ...(typeof document.version === 'string' ? { version: document.version } : {}),
      ...(typeof caller.clientId === 'string' ? { clientId: caller.clientId } : {}),
      ...(scopes ? { scopes } : {}),
    };
  }
  return { attributes: fromMap(document, source) };
};
