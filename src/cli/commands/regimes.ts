/**
 * silkgate regimes list | load FILE | withdraw VERSION: duty and tax rule versions, through the
 * GraphQL API with an admin key (officers may list).
 */
import { readFile } from 'node:fs/promises';
import { API_USAGE, apiTarget, graphql, parseCommandArgs } from '../api.js';
import { UsageError, type CliCommand } from '../command.js';

const LIST = `query RegimeVersions($section: String) {
  regimeVersions(section: $section) { version section effectiveFrom origin confidence sources { url } }
}`;
const LOAD = `mutation LoadRegimeVersions($document: JSON!) {
  loadRegimeVersions(document: $document) {
    __typename
    ... on RegimeVersionsLoaded { versions { version section effectiveFrom } }
    ... on RegimeDocumentRejected { errorCode message errors { path code message } }
  }
}`;
const WITHDRAW = `mutation WithdrawRegimeVersion($version: String!, $reason: String) {
  withdrawRegimeVersion(version: $version, reason: $reason) {
    __typename
    ... on RegimeVersionWithdrawn { version { version effectiveFrom } }
    ... on RegimeWithdrawalRefused { errorCode message }
  }
}`;

interface VersionRow { version: string; section: string; effectiveFrom: string; origin: string; confidence: string | null; sources: { url: string }[] }
type LoadResult =
  | { __typename: 'RegimeVersionsLoaded'; versions: { version: string; section: string; effectiveFrom: string }[] }
  | { __typename: 'RegimeDocumentRejected'; errorCode: string; message: string; errors: { path: string; code: string; message: string }[] };
type WithdrawResult =
  | { __typename: 'RegimeVersionWithdrawn'; version: { version: string; effectiveFrom: string } }
  | { __typename: 'RegimeWithdrawalRefused'; errorCode: string; message: string };

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { section: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length) throw new UsageError('list takes no arguments.');
  const data = await graphql<{ regimeVersions: VersionRow[] }>(apiTarget(values), LIST, { section: values.section ?? null });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(data.regimeVersions, null, 2)}\n`);
    return 0;
  }
  const rows = data.regimeVersions.map((v) => [v.section, v.version, v.effectiveFrom, v.origin, v.confidence ?? '-', String(v.sources.length)]);
  process.stdout.write(`${[['SECTION', 'VERSION', 'FROM', 'ORIGIN', 'CONFIDENCE', 'SOURCES'], ...rows].map((r) => r.join('\t')).join('\n')}\n`);
  return 0;
}

async function load(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {});
  if (positionals.length !== 1) throw new UsageError('give exactly one JSON file.');
  let document: unknown;
  try {
    document = JSON.parse(await readFile(positionals[0], 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${positionals[0]} as JSON: ${(error as Error).message}`);
  }
  const { loadRegimeVersions: r } = await graphql<{ loadRegimeVersions: LoadResult }>(apiTarget(values), LOAD, { document });
  if (r.__typename === 'RegimeVersionsLoaded') {
    for (const v of r.versions) process.stdout.write(`loaded ${v.version} (${v.section}), in force from ${v.effectiveFrom}\n`);
    return 0;
  }
  process.stdout.write(`${r.errorCode}: ${r.message}\n${r.errors.map((e) => `${e.path || '(document)'}\t${e.code}\t${e.message}`).join('\n')}\n`);
  return 1;
}

async function withdraw(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { reason: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('give exactly one version id.');
  const { withdrawRegimeVersion: r } = await graphql<{ withdrawRegimeVersion: WithdrawResult }>(apiTarget(values), WITHDRAW, {
    version: positionals[0], reason: values.reason ?? null,
  });
  if (r.__typename === 'RegimeVersionWithdrawn') {
    process.stdout.write(`withdrew ${r.version.version} (would have applied from ${r.version.effectiveFrom})\n`);
    return 0;
  }
  process.stderr.write(`${r.errorCode}: ${r.message}\n`);
  return 1;
}

const SUBCOMMANDS: Record<string, (args: string[]) => Promise<number>> = { list, load, withdraw };

export const command: CliCommand = {
  summary: 'list, load or withdraw duty and tax rule versions',
  usage: `Usage: silkgate regimes list [--section eaeu] [--json] [--url URL] [--key KEY]
       silkgate regimes load FILE.json [--url URL] [--key KEY]
       silkgate regimes withdraw VERSION [--reason TEXT] [--url URL] [--key KEY]

list      every version (seed, loaded, withdrawn) with its start date and confidence
load      loads the versions of a document shaped like seed/tax-rules.json, e.g.
          { "eaeu": { "versions": [ { "version": "EAEU-2027-01", "effectiveFrom": "2027-01-01", ... } ] } };
          each must start after today and carry worked examples that compute as stated.
          Refusals are listed as path, code, message (exit code 1); nothing is stored then.
withdraw  withdraws a loaded version that has not started yet
Needs an admin key (officers may list).
  --section S  only this section (malaysia, eaeu, eu, usa, china, generic)
  --json       list as JSON
  --reason T   why the version is withdrawn (kept in the audit trail)
${API_USAGE}`,

  async run(args) {
    const [sub, ...rest] = args;
    const run = sub ? SUBCOMMANDS[sub] : undefined;
    if (!run) throw new UsageError(sub ? `unknown subcommand "${sub}".` : 'say what to do: list, load or withdraw.');
    return run(rest);
  },
};
