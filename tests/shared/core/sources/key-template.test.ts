import fc from 'fast-check';
import type { TokenRequest } from '../../../../shared/core/claims/types';
import {
  parseKeyTemplate,
  readsUser,
  renderKey,
} from '../../../../shared/core/sources/key-template';

const request: TokenRequest = {
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  userName: 'jane',
  clientId: 'web',
  userAttributes: { sub: 'u-1', 'custom:tenant_id': 'acme', email: 'j@x.example', empty: '' },
};

const render = (template: string, from: TokenRequest = request) => {
  const parts = parseKeyTemplate(template);
  if ('problem' in parts) throw new Error(parts.problem);
  return renderKey(parts, from);
};

describe('key templates', () => {
  it('fills in sub, username, clientId and user attributes', () => {
    // Assess
    expect(render('TENANT#{custom:tenant_id}')).toBe('TENANT#acme');
    expect(render('USER#{sub}#{username}@{clientId}')).toBe('USER#u-1#jane@web');
    expect(render('{email}')).toBe('j@x.example');
    expect(render('PLAIN')).toBe('PLAIN');
  });

  it('gives no key when a placeholder has no value or an empty one', () => {
    // Assess
    expect(render('T#{custom:missing}')).toBeUndefined();
    expect(render('T#{empty}')).toBeUndefined();
    expect(render('C#{clientId}', { ...request, clientId: undefined })).toBeUndefined();
  });

  it.each([
    ['T#{sub', 'never closed'],
    ['T#sub}', 'closes no placeholder'],
    ['T#{}', 'empty placeholder'],
    ['T#{{sub}}', 'never closed'],
    ['{tenant_Id}', 'can never have a value'],
    ['{Sub}', 'can never have a value'],
    ['{custom:}', 'names no attribute'],
    ['', 'empty key value'],
  ])('refuses %j', (template, problem) => {
    // Act
    const parsed = parseKeyTemplate(template);
    // Assess
    expect(parsed).toEqual({ problem: expect.stringContaining(problem) });
  });

  it('tells a key that reads the user from one that reads the app client only', () => {
    // Assess
    expect(readsUser(parseKeyTemplate('C#{clientId}') as never)).toBe(false);
    expect(readsUser(parseKeyTemplate('U#{sub}') as never)).toBe(true);
  });

  it('renders any literal text around a placeholder as it is', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => !text.includes('{') && !text.includes('}')),
        fc.string().filter((text) => !text.includes('{') && !text.includes('}')),
        fc.string({ minLength: 1 }),
        (before, after, sub) => {
          // Act
          const key = render(`${before}{sub}${after}`, { ...request, userAttributes: { sub } });
          // Assess
          expect(key).toBe(`${before}${sub}${after}`);
        },
      ),
    );
  });
});
