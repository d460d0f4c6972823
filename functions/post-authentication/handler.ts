/**
 * Post authentication AND Post confirmation trigger (wire both to this function: Post
 * authentication does not fire on a federated user's first sign-in, Post confirmation does).
 * Checks the IdP tokens stored in custom attributes and records problems; never blocks a sign-in.
 */
import { setUpFunction } from '../../shared/runtime/function-setup';
import { createPostAuthenticationHandler } from '../../shared/runtime/triggers/post-authentication';
import { withLambdaContext } from '../../shared/runtime/with-lambda-context';

const setup = setUpFunction('post-authentication', 'IdP tokens will not be checked');

export const handler = withLambdaContext(
  setup.logger,
  createPostAuthenticationHandler({ ...setup, now: Date.now }),
);
