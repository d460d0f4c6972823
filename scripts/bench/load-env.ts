/**
 * The environment every measured bundle loads in, as deployed (serverless.yml): the authorizer
 * builds its verifier at load, so it needs its issuer and audience to load at all.
 */
export const LOAD_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'eu-west-1',
  JWT_ISSUER_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE',
  JWT_AUDIENCE: '1example23456789',
  AUTHORIZER_RESPONSE_MODE: 'policy',
};
