/** The fix texts doctor prints: pool and region flags, and the commands that must be pasteable. */
import {
  attachCli,
  grantWriteCli,
  planCli,
  revokeWriteCli,
  updateMappingCli,
} from '../../../cli/doctor/fixes';

const target = { poolId: 'eu-west-1_Abc123', region: 'eu-west-1' };

describe('doctor fixes', () => {
  it('leaves --region out when the region is unknown', () => {
    // Act
    const cli = updateMappingCli({ ...target, region: '' }, 'Google', 'username=sub');

    // Assess
    expect(cli).toBe(
      'aws cognito-idp update-identity-provider --user-pool-id eu-west-1_Abc123 --provider-name Google --attribute-mapping username=sub',
    );
  });

  it('attaches with the stage of a function deployed from serverless.yml, else a placeholder', () => {
    // Prepare
    const arn = 'arn:aws:lambda:eu-west-1:1:function:cognito-claims-prod-preTokenGeneration';

    // Act
    const deployed = attachCli(
      { ...target, pool: { LambdaConfig: { PreTokenGeneration: arn } } },
      'V2_0',
    );
    const other = attachCli({ ...target, pool: {} }, 'V3_0');

    // Assess
    expect(deployed).toMatch(
      /^npm run attach -- --user-pool-id eu-west-1_Abc123 --region eu-west-1 --stage prod --lambda-version V2_0 {3}# /,
    );
    expect(other).toContain('--stage <stage> --lambda-version V3_0');
  });

  it('quotes the jq program of the plan change for the shell', () => {
    // Act
    const cli = planCli(target, 'ESSENTIALS');

    // Assess
    expect(cli).toContain(
      `jq '. + {UserPoolId: .Id, PoolName: .Name, UserPoolTier: "ESSENTIALS"} | del(`,
    );
    expect(cli).toContain(
      'aws cognito-idp update-user-pool --region eu-west-1 --cli-input-json file://update.json',
    );
  });

  it('adds to and removes from the write list the client has', () => {
    // Prepare
    const client = { ClientId: 'c1', WriteAttributes: ['email', 'custom:roles'] };

    // Act
    const granted = grantWriteCli(target, client, 'custom:id_token');
    const revoked = revokeWriteCli(target, client, 'custom:roles');
    const revokedAll = revokeWriteCli(target, { ClientId: 'c1' }, 'custom:roles');

    // Assess
    expect(granted).toContain(
      '--client-id c1 --write-attributes email custom:roles custom:id_token   # ',
    );
    expect(revoked).toContain('--client-id c1 --write-attributes email   # ');
    expect(revokedAll).toContain('--write-attributes <the attributes users may edit>   # ');
  });
});
