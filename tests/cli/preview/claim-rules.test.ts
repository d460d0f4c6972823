/**
 * preview with claim rules: the repository's demo config (a role and permissions by group, the
 * items/write scope for admins) for an admin and a reader, and the rule each claim came from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPreviewText } from '../../../cli/preview/format';
import { previewTokens } from '../../../cli/preview/preview';
import { parseConfig } from '../../../shared/core/config/parse-config';

const ROOT = join(__dirname, '..', '..', '..');
const demoConfig = parseConfig(JSON.parse(readFileSync(join(ROOT, 'claims.config.json'), 'utf8')));
const user = {
  sub: '7d2b8f0e-1111-4c6e-9f43-0123456789ab',
  email: 'demo@example.com',
  'custom:tenant_id': 'tenant-demo',
  'custom:roles': 'admin,editor',
  'custom:employee_no': '1042',
};

const accessFor = (groups: string[]) => {
  const result = previewTokens({
    config: demoConfig,
    userAttributes: user,
    triggerSource: 'TokenGeneration_Authentication',
    version: '2',
    groups,
  });
  return { result, access: result.tokens.find((token) => token.token === 'access') };
};

describe('preview with claim rules', () => {
  it('gives an admin the admin role, both permissions and the items/write scope', () => {
    // Act
    const { access } = accessFor(['admins']);
    // Assess
    expect(access?.added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ claim: 'role', display: '"admin"', rule: '$.claims[4]' }),
        expect.objectContaining({
          claim: 'permissions',
          display: '["items:read","items:write"]',
          rule: '$.claims[6]',
        }),
      ]),
    );
    expect(access?.scopes?.added).toEqual(['items/read', 'items/write']);
  });

  it('gives a reader the member role, the read permission and no items/write', () => {
    // Act
    const { access } = accessFor(['readers']);
    // Assess
    expect(access?.added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ claim: 'role', display: '"member"', rule: '$.claims[5]' }),
        expect.objectContaining({ claim: 'permissions', display: '["items:read"]' }),
      ]),
    );
    expect(access?.scopes?.final).not.toContain('items/write');
  });

  it('names the rule each claim came from in the text report', () => {
    // Prepare
    const { result } = accessFor(['readers']);
    // Act
    const text = formatPreviewText({
      ...result,
      configSource: 'claims.config.json',
      userSource: 'test',
    });
    // Assess
    expect(text).toMatch(/^ {2}Claim added +Value +Bytes +From rule$/m);
    expect(text).toMatch(/^ {2}role +"member" +15 +\$\.claims\[5\]$/m);
  });
});
