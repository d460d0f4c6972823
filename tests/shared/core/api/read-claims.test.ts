import fc from 'fast-check';
import bundled from '../../../../claims.config.json';
import {
  ClaimsSource,
  parseArrayText,
  readApiClaims,
} from '../../../../shared/core/api/read-claims';
import { parseConfig } from '../../../../shared/core/config/parse-config';
import { getTestEvent } from '../../../helpers/events';

type Claims = Record<string, unknown>;
interface AnyEvent {
  requestContext: {
    authorizer?: {
      lambda?: Claims;
      jwt?: { claims: Claims; scopes: string[] };
      claims?: Claims;
    };
  };
}
/** The authorizer part of a fixture, which every fixture has. */
const authorizerOf = (event: AnyEvent) =>
  event.requestContext.authorizer as Required<
    NonNullable<AnyEvent['requestContext']['authorizer']>
  >;
const config = parseConfig(bundled);

const expectedTyped = {
  sub: '7d2b8f0e-1111-4c6e-9f43-0123456789ab',
  tenant_id: 'tenant-42',
  roles: ['admin', 'editor'],
  employee_number: 42,
  'cognito:groups': ['admin', 'editor'],
};

describe('readApiClaims', () => {
  it.each([
    ['lambda-authorizer-http-api', ClaimsSource.LAMBDA_AUTHORIZER],
    ['lambda-authorizer-rest', ClaimsSource.LAMBDA_AUTHORIZER],
    ['http-api-jwt-authorizer', ClaimsSource.HTTP_API_JWT_AUTHORIZER],
    ['rest-cognito-authorizer', ClaimsSource.REST_COGNITO_AUTHORIZER],
  ])('reads typed claims from the %s event', (fixture, source) => {
    // Prepare
    const event = getTestEvent(`api/${fixture}`);

    // Act
    const read = readApiClaims(event, config);

    // Assess
    expect(read?.source).toBe(source);
    expect(read?.claims).toMatchObject(expectedTyped);
    expect(read?.unreadable).toEqual([]);
  });

  it('keeps the time claims numeric, including the REST date form', () => {
    // Prepare
    const rest = getTestEvent('api/rest-cognito-authorizer');
    const jwt = getTestEvent('api/http-api-jwt-authorizer');

    // Act
    const fromRest = readApiClaims(rest, config)?.claims;
    const fromJwt = readApiClaims(jwt, config)?.claims;

    // Assess
    expect(fromRest?.exp).toBe(1795321800);
    expect(fromRest?.email_verified).toBe(true);
    expect(fromJwt?.exp).toBe(1795321800);
    expect(fromJwt?.iat).toBe(1795318200);
  });

  it('prefers the verified Lambda context over the unverified JWT claims a local emulator adds', () => {
    // Prepare
    const event = getTestEvent<AnyEvent>('api/lambda-authorizer-http-api');
    event.requestContext.authorizer = {
      ...event.requestContext.authorizer,
      jwt: { claims: { tenant_id: 'forged' }, scopes: [] },
    };

    // Act
    const read = readApiClaims(event, config);

    // Assess
    expect(read?.source).toBe(ClaimsSource.LAMBDA_AUTHORIZER);
    expect(read?.claims.tenant_id).toBe('tenant-42');
  });

  it('reads the comma-separated group form some REST stages show', () => {
    // Prepare
    const event = getTestEvent<AnyEvent>('api/rest-cognito-authorizer');
    authorizerOf(event).claims['cognito:groups'] = 'admin,editor';

    // Act
    const read = readApiClaims(event, config);

    // Assess
    expect(read?.claims['cognito:groups']).toEqual(['admin', 'editor']);
  });

  it('turns V1 JSON-text claims from an emulator token back into their types', () => {
    // Prepare
    const event = getTestEvent<AnyEvent>('api/lambda-authorizer-http-api');
    const lambda = authorizerOf(event).lambda;
    const claims = JSON.parse(String(lambda.claimsJson)) as Record<string, unknown>;
    lambda.claimsJson = JSON.stringify({
      ...claims,
      roles: '["admin","editor"]',
      employee_number: '42',
    });

    // Act
    const read = readApiClaims(event, config);

    // Assess
    expect(read?.claims.roles).toEqual(['admin', 'editor']);
    expect(read?.claims.employee_number).toBe(42);
  });

  it('reports a claim it cannot read as its declared type, without its value', () => {
    // Prepare
    const withJson = parseConfig({
      claims: [
        { claim: 'org', from: 'custom:org', type: 'json', tokens: ['access'] },
        { claim: 'employee_number', from: 'custom:employee_no', type: 'number' },
      ],
    });
    const event = getTestEvent<AnyEvent>('api/http-api-jwt-authorizer');
    const claims = authorizerOf(event).jwt.claims;
    claims.org = 'map[id:o-1 tier:2]';
    claims.employee_number = 'forty-two';

    // Act
    const read = readApiClaims(event, withJson);

    // Assess
    expect(read?.claims).not.toHaveProperty('org');
    expect(read?.claims).not.toHaveProperty('employee_number');
    expect(read?.unreadable).toEqual([
      { claim: 'employee_number', expected: 'number', reason: 'expected a decimal number' },
      expect.objectContaining({ claim: 'org', expected: 'json' }),
    ]);
    expect(JSON.stringify(read?.unreadable)).not.toContain('forty-two');
  });

  it('reads a json claim that a JWT authorizer passed as bare text, as a table-sourced claim arrives', () => {
    // Prepare: a sourced claim without a type is "json"; the value came from the item as a string.
    const sourced = parseConfig({
      sources: { account: { dynamodb: { table: 'Accounts', key: { pk: 'USER#{sub}' } } } },
      claims: [
        { claim: 'plan', source: 'account', from: 'plan', tokens: ['access'] },
        { claim: 'seats', source: 'account', from: 'seats', tokens: ['access'] },
        { claim: 'limits', source: 'account', from: 'limits', tokens: ['access'] },
      ],
    });
    const event = getTestEvent<AnyEvent>('api/http-api-jwt-authorizer');
    const claims = authorizerOf(event).jwt.claims;
    claims.plan = 'pro';
    claims.seats = '25';
    claims.limits = '[5 25]';

    // Act
    const read = readApiClaims(event, sourced);

    // Assess: text stays text, JSON text is parsed, a list the authorizer flattened is unreadable.
    expect(read?.claims.plan).toBe('pro');
    expect(read?.claims.seats).toBe(25);
    expect(read?.unreadable).toEqual([
      expect.objectContaining({ claim: 'limits', expected: 'json' }),
    ]);
  });

  it('returns undefined for a request that no authorizer handled', () => {
    // Prepare
    const event = getTestEvent<AnyEvent>('api/http-api-jwt-authorizer');
    delete event.requestContext.authorizer;

    // Act
    const read = readApiClaims(event, config);

    // Assess
    expect(read).toBeUndefined();
  });
});

describe('parseArrayText', () => {
  it.each([
    ['[admin editor]', ['admin', 'editor']],
    ['["admin","editor"]', ['admin', 'editor']],
    ['[admin, editor]', ['admin', 'editor']],
    ['[admin,editor]', ['admin', 'editor']],
    ['[a,b c]', ['a,b', 'c']],
    ['[a, b c]', ['a', 'b', 'c']],
    ['[ admin  editor ]', ['admin', 'editor']],
    ['admin,editor', ['admin', 'editor']],
    ['[admin]', ['admin']],
    ['[0E0]', ['0E0']],
    ['[true 1]', ['true', '1']],
    ['[]', []],
    ['', []],
  ])('reads %j', (text, expected) => {
    // Act
    const list = parseArrayText(text);

    // Assess
    expect(list).toEqual(expected);
  });
});

describe('parseArrayText invariants', () => {
  const element = fc.stringMatching(/^[^\s,[\]"]{1,12}$/);

  it('recovers any array of space-free elements from the JWT authorizer form', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 8 }), (list) => {
        // Act
        const parsed = parseArrayText(`[${list.join(' ')}]`);

        // Assess
        expect(parsed).toEqual(list);
      }),
    );
  });

  it('recovers two or more elements with inner commas from the JWT authorizer form', () => {
    // Commas inside, none at either end: a comma before a space would read as a separator.
    const withCommas = fc.stringMatching(/^[^\s,[\]"](?:[^\s[\]"]{0,10}[^\s,[\]"])?$/);
    fc.assert(
      fc.property(fc.array(withCommas, { minLength: 2, maxLength: 8 }), (list) => {
        // Act
        const parsed = parseArrayText(`[${list.join(' ')}]`);

        // Assess
        expect(parsed).toEqual(list);
      }),
    );
  });

  it('recovers any array of strings from JSON text, spaces and commas included', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 8 }), (list) => {
        // Act
        const parsed = parseArrayText(JSON.stringify(list));

        // Assess
        expect(parsed).toEqual(list);
      }),
    );
  });
});
