/**
 * Releases parcels the way a customs officer does: reads each declaration's version and decides
 * RELEASE through the GraphQL API. Tests that need released parcels (hub, documents, carriers)
 * go through this one function.
 */
import { KEYS, type TestServer } from './test-server.js';

const READ = `query ($t: String) { shipment(trackingNumber: $t) { id customs { state version } } }`;
const RELEASE = `mutation ($id: ID!, $v: Int!) {
  decideDeclaration(id: $id, decision: RELEASE, expectedVersion: $v) {
    __typename
    ... on CustomsDeclaration { state }
    ... on ErrorResult { errorCode message }
  }
}`;

/** Releases as an officer of the parcels' hub (`key`; default: Kuala Lumpur's). */
export async function releaseParcels(server: TestServer, trackingNumbers: readonly string[], key = KEYS.customs): Promise<void> {
  for (const trackingNumber of trackingNumbers) {
    const read = await server.gql(READ, { t: trackingNumber }, key);
    const shipment = read.data?.shipment;
    if (!shipment?.customs) throw new Error(`no customs declaration for ${trackingNumber}: ${JSON.stringify(read.errors)}`);
    if (shipment.customs.state === 'RELEASED') continue;
    const res = await server.gql(RELEASE, { id: shipment.id, v: shipment.customs.version }, key);
    if (res.data?.decideDeclaration?.state !== 'RELEASED') {
      throw new Error(`customs did not release ${trackingNumber}: ${JSON.stringify(res.data ?? res.errors)}`);
    }
  }
}
