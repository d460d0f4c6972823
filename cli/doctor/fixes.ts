/**
 * The fixes doctor prints: console paths and the exact commands (AWS CLI, `npm run attach`). Text
 * only, nothing runs; the checks choose which fix a finding gets.
 */
import { ATTRIBUTE_MAX_LENGTH } from '../../shared/core/cognito';
import type { AppClientView, UserPoolView } from '../common/pool-views';
import { READ_ONLY_FIELDS } from '../common/user-pool-update';
import { deployedStage } from './pre-token-trigger';
import type { PoolTarget } from './types';

const UPDATE_CLIENT_NOTE =
  'update-user-pool-client resets every setting you leave out: start from `aws cognito-idp describe-user-pool-client` and pass the other settings unchanged';
const UPDATE_POOL_NOTE =
  'update-user-pool resets every setting you leave out (it has removed triggers before), so this writes back every setting read with only the plan changed; read update.json before the last step';
const ATTACH_NOTE =
  'wires the deployed functions and writes back every other pool setting unchanged, after showing the difference; add --replace-triggers if it should replace a function wired today';

export function consolePool(target: PoolTarget): string {
  return `Amazon Cognito console → User pools → ${target.poolId}`;
}

export function consoleClient(target: PoolTarget, client: AppClientView): string {
  return `${consolePool(target)} → App clients → ${client.ClientName ?? client.ClientId}`;
}

export function consoleTrigger(target: PoolTarget): string {
  return `${consolePool(target)} → Extensions → Lambda triggers → Pre token generation`;
}

export function consoleMapping(target: PoolTarget, provider: string): string {
  return `${consolePool(target)} → Social and external providers → ${provider} → Attribute mapping → Edit`;
}

/**
 * The AWS CLI's region and endpoint flags: the region left out when unknown, so the CLI falls
 * back to its own default; the endpoint named when doctor read the pool from one (an emulator),
 * so a fix never goes to AWS instead.
 */
function regionFlag(target: PoolTarget): string {
  return `${target.region ? ` --region ${target.region}` : ''}${target.endpoint ? ` --endpoint-url ${target.endpoint}` : ''}`;
}

function poolFlags(target: PoolTarget): string {
  return `--user-pool-id ${target.poolId}${regionFlag(target)}`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Wiring goes through `npm run attach`: a bare update-user-pool resets every setting it leaves
 * out, triggers included.
 */
export function attachCli(
  target: PoolTarget & { readonly pool: UserPoolView; readonly stage?: string },
  version: string,
): string {
  const stage = deployedStage(target.pool) ?? target.stage ?? '<stage>';
  const pool = `--user-pool-id ${target.poolId}${target.region ? ` --region ${target.region}` : ''}${target.endpoint ? ` --endpoint ${target.endpoint}` : ''}`;
  return `npm run attach -- ${pool} --stage ${stage} --lambda-version ${version}   # ${ATTACH_NOTE}`;
}

/** describe → edit → update: every setting read goes back, only the plan changes. */
export function planCli(target: PoolTarget, tier: string): string {
  const readOnly = ['Id', 'Name', ...READ_ONLY_FIELDS].map((field) => `.${field}`).join(', ');
  const edit = [
    `. + {UserPoolId: .Id, PoolName: .Name, UserPoolTier: "${tier}"}`,
    `del(${readOnly}, .AdminCreateUserConfig.UnusedAccountValidityDays)`,
    'if .VerificationMessageTemplate then del(.SmsVerificationMessage, .EmailVerificationMessage, .EmailVerificationSubject) else . end',
  ].join(' | ');
  return [
    `aws cognito-idp describe-user-pool ${poolFlags(target)} --query UserPool --output json > pool.json`,
    `jq ${shellQuote(edit)} pool.json > update.json`,
    `aws cognito-idp update-user-pool${regionFlag(target)} --cli-input-json file://update.json   # ${UPDATE_POOL_NOTE}`,
  ].join(' && ');
}

export function describePlanCli(target: PoolTarget): string {
  return `aws cognito-idp describe-user-pool ${poolFlags(target)} --query UserPool.UserPoolTier`;
}

/** Custom attributes cannot change after creation, so a fix adds a new one (`suffix` sets it apart). */
export function addCustomAttributeCli(target: PoolTarget, attribute: string, suffix = ''): string {
  const base = attribute.replace(/^custom:/, '');
  const name = `${base}${suffix}`.slice(0, 20);
  return `aws cognito-idp add-custom-attributes ${poolFlags(target)} --custom-attributes Name=${name},AttributeDataType=String,Mutable=true,StringAttributeConstraints={MaxLength=${ATTRIBUTE_MAX_LENGTH}}`;
}

function updateClientCli(
  target: PoolTarget,
  client: AppClientView,
  list: 'read' | 'write',
  attributes: string,
): string {
  return `aws cognito-idp update-user-pool-client ${poolFlags(target)} --client-id ${client.ClientId} --${list}-attributes ${attributes}   # ${UPDATE_CLIENT_NOTE}`;
}

export function grantReadCli(target: PoolTarget, client: AppClientView, attribute: string): string {
  const current = client.ReadAttributes?.length
    ? [...client.ReadAttributes]
    : ['<the standard attributes you use>'];
  return updateClientCli(target, client, 'read', [...current, attribute].join(' '));
}

/** A placeholder list: a client with no read list reads everything, so there may be none to copy. */
export function revokeReadCli(
  target: PoolTarget,
  client: AppClientView,
  attribute: string,
): string {
  return updateClientCli(target, client, 'read', `<the current list without ${attribute}>`);
}

export function grantWriteCli(
  target: PoolTarget,
  client: AppClientView,
  attribute: string,
): string {
  const writeList = [...(client.WriteAttributes?.length ? client.WriteAttributes : []), attribute];
  return updateClientCli(target, client, 'write', writeList.join(' '));
}

export function revokeWriteCli(
  target: PoolTarget,
  client: AppClientView,
  attribute: string,
): string {
  const writeList = (client.WriteAttributes ?? []).filter((a) => a !== attribute);
  return updateClientCli(
    target,
    client,
    'write',
    writeList.length ? writeList.join(' ') : '<the attributes users may edit>',
  );
}

/** `mapping` is the whole --attribute-mapping value: the call replaces the provider's mapping. */
export function updateMappingCli(target: PoolTarget, provider: string, mapping: string): string {
  return `aws cognito-idp update-identity-provider ${poolFlags(target)} --provider-name ${provider} --attribute-mapping ${mapping}`;
}

export function listProvidersCli(target: PoolTarget): string {
  return `aws cognito-idp list-identity-providers ${poolFlags(target)}`;
}

export function createClientCli(target: PoolTarget): string {
  return `aws cognito-idp create-user-pool-client ${poolFlags(target)} --client-name <name>`;
}
