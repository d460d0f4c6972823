/**
 * Inbound federation trigger (Lambda version V1_0): keeps every IdP attribute Cognito is about
 * to map within its length limit, so an oversized IdP token no longer fails the sign-in.
 */
import { setUpFunction } from '../../shared/lambda-handler';
import { createInboundFederationHandler } from '../../shared/triggers/inbound-federation';
import { withLambdaContext } from '../../shared/with-lambda-context';

const setup = setUpFunction(
  'inbound-federation',
  'IdP attributes will be limited with the defaults',
);

export const handler = withLambdaContext(setup.logger, createInboundFederationHandler(setup));
