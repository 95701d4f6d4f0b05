/** silkgate export DISPATCH_ID: a dispatch's manifest as CSV, read through the GraphQL API. */
import { writeFile } from 'node:fs/promises';
import { API_USAGE, apiTarget, graphql, parseCommandArgs } from '../api.js';
import { UsageError, type CliCommand } from '../command.js';
import { manifestCsv, type ManifestDispatch } from '../manifest-csv.js';

const DISPATCH = `query ExportManifest($id: ID!) {
  dispatch(id: $id) {
    dispatchNumber
    receptacles {
      receptacleNumber
      parcels {
        trackingNumber
        receivedWeightGrams
        shipment {
          sellerReference customsForm
          sender { name countryCode }
          addressee { name addressLines city postcode countryCode }
          lines { lineNo description quantity netWeightGrams hsCode originCountry value { amountMinor currency } }
        }
      }
    }
  }
}`;

export const command: CliCommand = {
  summary: "write a dispatch's manifest as CSV",
  usage: `Usage: silkgate export DISPATCH_ID [--output manifest.csv] [--url URL] [--key KEY]

Writes the manifest of a dispatch (one row per content line of each parcel, by receptacle) as CSV
to --output, or to standard output. Needs a hub operator, officer or admin key.
  --output F   the file to write (default: standard output)
${API_USAGE}`,

  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { output: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new UsageError('give exactly one dispatch id.');
    const data = await graphql<{ dispatch: ManifestDispatch | null }>(apiTarget(values), DISPATCH, { id: positionals[0] });
    if (!data.dispatch) throw new Error(`no dispatch ${positionals[0]} that this key may see.`);
    const csv = manifestCsv(data.dispatch);
    if (values.output) await writeFile(String(values.output), csv);
    else process.stdout.write(csv);
    return 0;
  },
};
