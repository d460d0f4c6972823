/**
 * Inbound federation trigger (Lambda version V1_0): keeps every IdP attribute Cognito is about
 * to map within its length limit, so an oversized IdP token no longer fails the sign-in.
 */
import { createInboundFederationTrigger } from '../../shared/runtime/triggers/inbound-federation';

export const handler = createInboundFederationTrigger();
