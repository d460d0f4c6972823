/**
 * Reads the two events the IdP token guard answers. Permissive (unknown fields are ignored),
 * strict only about what is read; an EventError names the field and what was expected.
 */
import { EventError } from '../../core/errors';
import type { IdpGuardInput } from '../../core/idp/check-idp-tokens';
import {
  ATTRIBUTE_SOURCES,
  type AttributeSource,
  type FederationRequest,
} from '../../core/idp/limit-federation-attributes';
import { isRecord } from '../../core/is-record';
import { readUserAttributes } from './cognito-event';

/**
 * Post authentication (`PostAuthentication_Authentication`) and Post confirmation
 * (`PostConfirmation_ConfirmSignUp`, a federated user's first sign-in) share
 * `request.userAttributes` (cognito-contract.md §5).
 */
export const toGuardInput = (event: unknown): IdpGuardInput => {
  if (!isRecord(event)) throw new EventError('event: expected an object');
  if (!isRecord(event.request)) throw new EventError('request: expected an object');
  const userName = typeof event.userName === 'string' ? event.userName : undefined;
  return {
    userAttributes: readUserAttributes(event.request),
    ...(userName === undefined ? {} : { userName }),
  };
};

/** `InboundFederation_ExternalProvider`, Lambda version V1_0. */
export const toFederationRequest = (event: unknown): FederationRequest => {
  if (!isRecord(event)) throw new EventError('event: expected an object');
  const request = event.request;
  if (!isRecord(request)) throw new EventError('request: expected an object');
  const attributes = request.attributes;
  if (!isRecord(attributes)) throw new EventError('request.attributes: expected an object');
  const known = ATTRIBUTE_SOURCES as readonly string[];
  // Unknown object-valued sources are kept too: AWS adds fields, and anything we leave out of a
  // non-empty answer is dropped.
  const names = [...known, ...Object.keys(attributes).filter((name) => !known.includes(name))];
  const sources: AttributeSource[] = [];
  for (const name of names) {
    const values = attributes[name];
    if (values === undefined || values === null) continue;
    if (!isRecord(values)) {
      if (!known.includes(name)) continue;
      throw new EventError(`request.attributes.${name}: expected an object of attribute values`);
    }
    sources.push({ name, values });
  }
  const providerName = typeof request.providerName === 'string' ? request.providerName : undefined;
  return { ...(providerName === undefined ? {} : { providerName }), sources };
};
