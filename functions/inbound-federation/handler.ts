/**
 * Inbound federation trigger (Lambda version V1_0): keeps every IdP attribute Cognito is about
 * to map within its length limit, so an oversized IdP token no longer fails the sign-in.
 */
import { setUpFunction } from '../../shared/runtime/function-setup';
import { createInboundFederationHandler } from '../../shared/runtime/triggers/inbound-federation';
import { withLambdaContext } from '../../shared/runtime/with-lambda-context';

const setup = setUpFunction(
  'inbound-federation',
  'IdP attributes will be limited with the defaults',
);

export const handler = withLambdaContext(setup.logger, createInboundFederationHandler(setup));
