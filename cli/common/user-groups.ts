/**
 * A user's groups as Cognito lists them (AdminListGroupsForUser), every page: what `preview` and
 * `explain` put in `cognito:groups`. An endpoint that does not implement the call (emulators)
 * gives undefined; any other error is worded like every AWS call.
 */
import {
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { awsCall, type CallContext, isUnsupported } from './aws';

export async function readUserGroups(
  client: CognitoIdentityProviderClient,
  input: { readonly userPoolId: string; readonly username: string },
  context: CallContext,
): Promise<string[] | undefined> {
  const groups: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(
        new AdminListGroupsForUserCommand({
          UserPoolId: input.userPoolId,
          Username: input.username,
          Limit: 60,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    if (isUnsupported(error)) return undefined;
    return awsCall(context, () => Promise.reject(error));
  }
  return groups;
}
