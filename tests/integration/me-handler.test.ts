/** GET /me behind each of the three authorizers, through the real handler. */
import type { Context } from 'aws-lambda';
import bundled from '../../claims.config.json';
import { getTestEvent } from '../helpers/events';
import { lambdaContext } from '../helpers/lambda-context';
import { loadHandler } from '../helpers/load-handler';
import { capturedRecords, clearLogs } from '../helpers/log-capture';

interface AnyEvent {
  requestContext: { authorizer?: unknown };
}
const expectedTyped = {
  sub: '7d2b8f0e-1111-4c6e-9f43-0123456789ab',
  tenant_id: 'tenant-42',
  roles: ['admin', 'editor'],
  employee_number: 42,
  'cognito:groups': ['admin', 'editor'],
};

beforeEach(() => clearLogs());

describe('GET /me handler', () => {
  type Handler = (
    event: unknown,
    context: Context,
  ) => Promise<{ statusCode: number; body: string }>;
  const handler = loadHandler<Handler>('../../functions/me/handler', bundled);

  it('answers with the typed claims and the authorizer they came from', async () => {
    // Prepare
    const event = getTestEvent('api/http-api-jwt-authorizer');

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.source).toBe('http-api-jwt-authorizer');
    expect(body.claims).toMatchObject(expectedTyped);
  });

  it('answers 401 when no authorizer passed claims', async () => {
    // Prepare
    const event = getTestEvent<AnyEvent>('api/rest-cognito-authorizer');
    delete event.requestContext.authorizer;

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.statusCode).toBe(401);
    expect(capturedRecords().some((r) => r.level === 'WARN')).toBe(true);
  });
});
