/**
 * The ID token estimate follows the app client's read permissions: Cognito leaves out what the
 * client cannot read, and a client without a read list reads every attribute, custom included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { previewTokens } from '../../../cli/preview/preview';
import { parseConfig } from '../../../shared/core/config/parse-config';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'preview');
const readFixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

const request = (client: { ClientId: string; ReadAttributes?: string[] }) => ({
  config: parseConfig(readFixture('claims.config.json')),
  userAttributes: readFixture('user.json') as Record<string, string>,
  triggerSource: 'TokenGeneration_Authentication',
  version: '2' as const,
  clientId: client.ClientId,
  client,
});

const idAttributes = (result: ReturnType<typeof previewTokens>) =>
  result.tokens.find((token) => token.token === 'id')?.attributes ?? [];

describe('previewTokens with an app client', () => {
  it.each([
    ['absent', undefined],
    ['empty', []],
  ])('keeps custom attributes in the ID token when the read list is %s', (_name, list) => {
    // Prepare
    const client = {
      ClientId: '4kq9u2r0s8example1web0abcd',
      ...(list ? { ReadAttributes: list } : {}),
    };

    // Act
    const result = previewTokens(request(client));

    // Assess
    expect(idAttributes(result)).toEqual(expect.arrayContaining(['custom:tenant_id', 'email']));
    expect(result.notes.join('\n')).not.toContain('cannot read');
  });

  it('leaves out the attributes a listed read permission does not grant', () => {
    // Prepare
    const client = { ClientId: '4kq9u2r0s8example1web0abcd', ReadAttributes: ['email'] };

    // Act
    const result = previewTokens(request(client));

    // Assess
    expect(idAttributes(result)).not.toContain('custom:tenant_id');
    expect(result.notes.join('\n')).toContain('cannot read');
  });
});
