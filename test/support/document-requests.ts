/** A parcel customs asked documents for, through the real API: declared undervalued (AMBER), then REQUEST_DOCUMENTS. */
import { declarationInput, DECLARE_ONE, uniqueRef } from './fixtures.js';
import { KEYS, type TestServer } from './test-server.js';

export interface RequestedParcel {
  shipmentId: string;
  trackingNumber: string;
  requestId: string;
}

/** PDF, PNG and JPEG files as small as their formats allow, for upload specs. */
export const TINY_FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  png: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a5c00000000049454e44ae426082', 'hex'),
  jpeg: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
};

export async function parcelWithDocumentRequest(server: TestServer, documents = ['Commercial invoice']): Promise<RequestedParcel> {
  const base = declarationInput();
  const input = declarationInput({ addressee: { ...base.addressee, name: `Buyer ${uniqueRef('B')}` }, lines: [{ ...base.lines[0], value: { amountMinor: 100, currency: 'MYR' } }] });
  const declared = await server.gql(DECLARE_ONE, { input }, KEYS.seller);
  const { id, trackingNumber } = declared.data.declareShipment as { id: string; trackingNumber: string };
  const read = await server.gql(`query ($id: ID!) { customsDeclaration(shipmentId: $id) { version state } }`, { id }, KEYS.customs);
  const asked = await server.gql(
    `mutation ($id: ID!, $v: Int!, $docs: [String!]) {
      decideDeclaration(id: $id, decision: REQUEST_DOCUMENTS, reason: "Send the invoice showing the price paid.", expectedVersion: $v, documents: $docs) {
        __typename ... on CustomsDeclaration { documentRequests { id } }
      }
    }`,
    { id, v: read.data.customsDeclaration.version, docs: documents },
    KEYS.customs,
  );
  const requests = asked.data?.decideDeclaration?.documentRequests as { id: string }[] | undefined;
  if (!requests?.length) throw new Error(`no document request for ${trackingNumber}: ${JSON.stringify(asked.errors ?? asked.data)} (state ${read.data.customsDeclaration.state})`);
  return { shipmentId: id, trackingNumber, requestId: requests[requests.length - 1].id };
}
