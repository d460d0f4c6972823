/**
 * Every doctor check, in the order the runner calls them. The order is part of the output:
 * findings of one severity are printed in check order, and of two equal findings the first is kept.
 */
import { checkAppClients } from './checks/app-clients';
import { checkClaimAttributes } from './checks/claim-attributes';
import { checkClientReads } from './checks/client-reads';
import { checkEmulatorTriggers } from './checks/emulator-triggers';
import { checkExpectedProviders } from './checks/expected-providers';
import { checkFeaturePlan } from './checks/feature-plan';
import { checkGaps } from './checks/gaps';
import { checkIdpGuard } from './checks/idp-guard';
import { checkIdpTokenMappings } from './checks/idp-token-mappings';
import { checkIdpTokens } from './checks/idp-tokens';
import { checkMappedWritable } from './checks/mapped-writable';
import { checkProviderMappings } from './checks/provider-mappings';
import { checkSelfEscalation } from './checks/self-escalation';
import { checkSelfWritable } from './checks/self-writable';
import { checkSourceKeyWritable } from './checks/source-key-writable';
import { checkSourceTables } from './checks/source-tables';
import { checkTrigger } from './checks/trigger';
import type { Check } from './types';

export const ALL_CHECKS: readonly Check[] = [
  checkEmulatorTriggers,
  checkTrigger,
  checkIdpGuard,
  checkFeaturePlan,
  checkSelfWritable,
  checkSelfEscalation,
  checkSourceKeyWritable,
  checkIdpTokens,
  checkMappedWritable,
  checkProviderMappings,
  checkExpectedProviders,
  checkIdpTokenMappings,
  checkClaimAttributes,
  checkClientReads,
  checkSourceTables,
  checkGaps,
  checkAppClients,
];
