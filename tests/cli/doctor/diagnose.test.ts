/**
 * The doctor's runner over stand-in checks: the order it walks them, repeats dropped, findings
 * sorted by severity with ties in check order. The real checks are covered through the command
 * in checks.test.ts and frozen in tests/golden.
 */
import { ALL_CHECKS } from '../../../cli/doctor/all-checks';
import { diagnose, hasCritical } from '../../../cli/doctor/diagnose';
import {
  type Check,
  type CheckContext,
  type DoctorInput,
  type Finding,
  Severity,
} from '../../../cli/doctor/types';
import type { ClaimsConfig } from '../../../shared/core/claims/types';

const input: DoctorInput = {
  // The stand-in checks never read the config.
  config: {} as ClaimsConfig,
  pool: {
    Id: 'eu-west-1_Abc123',
    LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: 'arn:fn', LambdaVersion: 'V2_0' } },
  },
  clients: [],
  gaps: [],
  region: 'eu-west-1',
};

const finding = (code: string, severity: Severity, attribute?: string): Finding => ({
  code,
  severity,
  title: code,
  why: '',
  fix: { console: '', cli: '' },
  ...(attribute ? { attribute } : {}),
});

const returning =
  (...findings: Finding[]): Check =>
  () =>
    findings;

describe('diagnose', () => {
  it('gives every check the pool ID, region and trigger version settled once', () => {
    // Prepare
    const seen: CheckContext[] = [];
    const spy: Check = (ctx) => {
      seen.push(ctx);
      return [];
    };

    // Act
    diagnose(input, [spy, spy]);
    diagnose({ ...input, pool: {}, region: undefined }, [spy]);

    // Assess
    expect(seen.map(({ poolId, region, version }) => ({ poolId, region, version }))).toEqual([
      { poolId: 'eu-west-1_Abc123', region: 'eu-west-1', version: 'V2_0' },
      { poolId: 'eu-west-1_Abc123', region: 'eu-west-1', version: 'V2_0' },
      { poolId: '<user-pool-id>', region: '', version: 'none' },
    ]);
  });

  it('sorts critical → warning → info and keeps check order within a severity', () => {
    // Act
    const findings = diagnose(input, [
      returning(finding('A', Severity.INFO), finding('B', Severity.WARNING)),
      returning(finding('C', Severity.CRITICAL), finding('D', Severity.WARNING)),
      returning(finding('E', Severity.INFO)),
    ]);

    // Assess
    expect(findings.map((f) => f.code)).toEqual(['C', 'B', 'D', 'A', 'E']);
  });

  it('reports a finding two checks both find once, as the first check worded it', () => {
    // Prepare
    const first = { ...finding('SAME', Severity.WARNING, 'custom:x'), title: 'first' };
    const second = { ...finding('SAME', Severity.CRITICAL, 'custom:x'), title: 'second' };

    // Act
    const findings = diagnose(input, [
      returning(first),
      returning(second, finding('SAME', Severity.WARNING, 'custom:y')),
    ]);

    // Assess
    expect(findings.map((f) => [f.title, f.attribute])).toEqual([
      ['first', 'custom:x'],
      ['SAME', 'custom:y'],
    ]);
  });

  it('walks every check once by default', () => {
    // Assess
    expect(new Set(ALL_CHECKS).size).toBe(ALL_CHECKS.length);
    expect(ALL_CHECKS.map((check) => check.name)).toEqual([
      'checkEmulatorTriggers',
      'checkTrigger',
      'checkIdpGuard',
      'checkFeaturePlan',
      'checkSelfWritable',
      'checkSelfEscalation',
      'checkSourceKeyWritable',
      'checkIdpTokens',
      'checkMappedWritable',
      'checkProviderMappings',
      'checkExpectedProviders',
      'checkIdpTokenMappings',
      'checkClaimAttributes',
      'checkClientReads',
      'checkSourceTables',
      'checkGaps',
      'checkAppClients',
    ]);
  });
});

describe('hasCritical', () => {
  it('is true only when a finding is critical', () => {
    // Assess
    expect(hasCritical([finding('A', Severity.WARNING), finding('B', Severity.INFO)])).toBe(false);
    expect(hasCritical([finding('A', Severity.INFO), finding('B', Severity.CRITICAL)])).toBe(true);
  });
});
