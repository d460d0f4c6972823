/** A JWT read for display, and one tampered with: the authorizer, not this, is what verifies. */

/** The decoded payload of a JWT. */
export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** The same token with one claim changed and the original signature. */
export function tamper(token: string, claim: string, value: unknown): string {
  const [header, , signature] = token.split('.');
  const payload = { ...decodePayload(token), [claim]: value };
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}
