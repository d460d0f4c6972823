import {
  readAuthorizerEvent,
  routeKeyFromArn,
} from '../../../../shared/runtime/authorizer/authorizer-event';
import { getTestEvent } from '../../../helpers/events';

describe('routeKeyFromArn', () => {
  it('derives the route key from a REST method ARN', () => {
    // Act
    const key = routeKeyFromArn('arn:aws:execute-api:eu-west-1:1:api/prod/DELETE/items/42');

    // Assess
    expect(key).toBe('DELETE /items/42');
  });

  it('keeps a colon in the path, so the path cannot pose as a lighter route', () => {
    // Act
    const key = routeKeyFromArn('arn:aws:execute-api:eu-west-1:1:api/prod/GET/public:x/../admin');

    // Assess
    expect(key).toBe('GET /public:x/../admin');
  });

  it('reads the root resource', () => {
    // Act
    const key = routeKeyFromArn('arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/');

    // Assess
    expect(key).toBe('GET /');
  });
});

describe('readAuthorizerEvent', () => {
  it.each([
    ['authorizer/http-api-v2', 'GET /me', false],
    ['authorizer/rest-request', 'GET /items/{id}', false],
    ['authorizer/rest-token', 'GET /me', true],
  ])('reads %s as route %s, concrete path: %s', (fixture, routeKey, concrete) => {
    // Prepare
    const event = getTestEvent(fixture);

    // Act
    const request = readAuthorizerEvent(event);

    // Assess
    expect(request).toMatchObject({ routeKey, concrete, token: 'TOKEN' });
  });

  it('reads a REST REQUEST event without its resource template from the method ARN, as a concrete path', () => {
    // Prepare
    const event = getTestEvent<Record<string, unknown>>('authorizer/rest-request');
    delete event.resource;

    // Act
    const request = readAuthorizerEvent(event);

    // Assess
    expect(request).toMatchObject({ routeKey: 'GET /items/42', concrete: true });
  });
});
