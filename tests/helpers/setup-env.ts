// Runs before every test file: a Lambda-like environment with nothing that reaches AWS.
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_LAMBDA_FUNCTION_NAME ??= 'cognito-claims-test';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
delete process.env.CLAIMS_CONFIG;
