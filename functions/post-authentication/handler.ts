/**
 * Post authentication AND Post confirmation trigger (wire both to this function: Post
 * authentication does not fire on a federated user's first sign-in, Post confirmation does).
 * Checks the IdP tokens stored in custom attributes and records problems; never blocks a sign-in.
 */
import { createPostAuthenticationTrigger } from '../../shared/runtime/triggers/post-authentication';

export const handler = createPostAuthenticationTrigger();
