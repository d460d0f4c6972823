import { FailureCode, FailureLevel } from '../../../shared/core/failure-codes';
import {
  createFailureRecorder,
  createLogger,
  createMetrics,
  FAILURE_METRIC,
  METRICS_NAMESPACE,
} from '../../../shared/runtime/observability';
import { capturedRecords, clearLogs } from '../../helpers/log-capture';

const context = { trigger: 'PostAuthentication_Authentication', sub: 'a1b2c3d4-EXAMPLE' };

const metricRecords = () =>
  capturedRecords().filter((record) => '_aws' in record) as Array<
    Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][] }> } }
  >;

describe('failure metrics', () => {
  beforeEach(() => clearLogs());

  it('emits one count per code and a total with only the service dimension the alarm watches', () => {
    // Prepare
    const recorder = createFailureRecorder(
      createLogger('post-authentication', {}),
      createMetrics('post-authentication', {}),
    );
    const near = {
      code: FailureCode.IDP_TOKEN_NEAR_LIMIT,
      level: FailureLevel.WARN,
      message: 'IdP token is near the attribute limit',
    };
    const stale = {
      code: FailureCode.IDP_TOKEN_STALE,
      level: FailureLevel.WARN,
      message: 'IdP token was not refreshed',
    };
    // Act
    recorder.record([near, near, stale], context);
    // Assess
    const metrics = metricRecords();
    const perCode = metrics.filter((record) => 'code' in record);
    const totals = metrics.filter((record) => !('code' in record));
    expect(perCode.map((record) => [record.code, record[FAILURE_METRIC]])).toEqual([
      ['IDP_TOKEN_NEAR_LIMIT', 2],
      ['IDP_TOKEN_STALE', 1],
    ]);
    expect(totals).toHaveLength(1);
    expect(totals[0]).toMatchObject({
      [FAILURE_METRIC]: 3,
      service: 'post-authentication',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service']],
            Metrics: [{ Name: FAILURE_METRIC, Unit: 'Count' }],
          },
        ],
      },
    });
  });

  it('counts nothing for failures logged only at INFO', () => {
    // Prepare
    const recorder = createFailureRecorder(
      createLogger('pre-token-generation', {}),
      createMetrics('pre-token-generation', {}),
    );
    // Act
    recorder.record(
      [{ code: FailureCode.ATTRIBUTE_MISSING, level: FailureLevel.INFO, message: 'absent' }],
      context,
    );
    // Assess
    expect(metricRecords()).toEqual([]);
  });

  it('writes to the namespace POWERTOOLS_METRICS_NAMESPACE names, with a timestamp', () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics(
      'post-authentication',
      { POWERTOOLS_METRICS_NAMESPACE: 'Acme/Auth' },
      (line) => lines.push(line),
    );
    const before = Date.now();
    // Act
    metrics.count(new Map([['IDP_TOKEN_STALE', 1]]));
    // Assess: one JSON document per line, as CloudWatch reads embedded metrics.
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(
      true,
    );
    const documents = lines.map((line) => JSON.parse(line));
    expect(documents).toHaveLength(2);
    for (const document of documents) {
      expect(document._aws.CloudWatchMetrics[0].Namespace).toBe('Acme/Auth');
      expect(document._aws.Timestamp).toBeGreaterThanOrEqual(before);
    }
  });

  it('writes nothing when POWERTOOLS_METRICS_DISABLED is true', () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics(
      'post-authentication',
      { POWERTOOLS_METRICS_DISABLED: 'TRUE' },
      (line) => lines.push(line),
    );
    // Act
    metrics.count(new Map([['IDP_TOKEN_STALE', 3]]));
    // Assess
    expect(lines).toEqual([]);
  });
});
