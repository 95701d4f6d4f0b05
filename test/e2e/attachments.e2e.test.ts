import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parcelWithDocumentRequest, TINY_FILES } from '../support/document-requests.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Uploads as `key`; an empty key sends no Authorization header. */
function upload(shipmentId: string, body: Buffer, key = KEYS.seller, filename = 'invoice.pdf') {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (key) headers.authorization = `Bearer ${key}`;
  return fetch(`${server.url}/attachments?shipmentId=${shipmentId}&filename=${encodeURIComponent(filename)}`, { method: 'POST', headers, body });
}

const ATTACHMENTS = `query ($id: ID!) { shipment(id: $id) { attachments { id filename contentType sizeBytes sha256 url reference } } }`;

describe('attachments', () => {
  it('a seller answers a document request with a PDF; the officer sees and downloads it; the audit trail records it', async () => {
    const parcel = await parcelWithDocumentRequest(server);
    const res = await upload(parcel.shipmentId, TINY_FILES.pdf, KEYS.seller, '../../Invoice №7.pdf');
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { id: string; reference: string; filename: string; contentType: string; url: string };
    expect(stored).toMatchObject({ filename: 'Invoice №7.pdf', contentType: 'application/pdf', reference: `attachment:${stored.id}`, url: `/attachments/${stored.id}` });

    const answered = await server.gql(
      `mutation ($id: ID!, $refs: [String!]) { respondToDocumentRequest(requestId: $id, response: "Invoice attached", documentReferences: $refs) { __typename } }`,
      { id: parcel.requestId, refs: [stored.reference] },
      KEYS.seller,
    );
    expect(answered.data.respondToDocumentRequest.__typename).toBe('CustomsDeclaration');

    const seen = await server.gql(ATTACHMENTS, { id: parcel.shipmentId }, KEYS.customs);
    expect(seen.data.shipment.attachments).toEqual([expect.objectContaining({ id: stored.id, sizeBytes: TINY_FILES.pdf.length, contentType: 'application/pdf' })]);
    const file = await fetch(`${server.url}${stored.url}`, { headers: { authorization: `Bearer ${KEYS.customs}` } });
    expect([file.status, file.headers.get('content-type'), file.headers.get('x-content-type-options')]).toEqual([200, 'application/pdf', 'nosniff']);
    expect(Buffer.from(await file.arrayBuffer()).equals(TINY_FILES.pdf)).toBe(true);

    const hub = await server.gql(ATTACHMENTS, { id: parcel.shipmentId }, KEYS.hub);
    expect(hub.data.shipment?.attachments ?? []).toEqual([]);
    expect((await fetch(`${server.url}${stored.url}`, { headers: { authorization: `Bearer ${KEYS.otherSeller}` } })).status).toBe(404);
    expect((await fetch(`${server.url}${stored.url}`, { headers: { authorization: `Bearer ${KEYS.hub}` } })).status).toBe(403);

    const audit = await server.gql(`query ($id: ID!) { auditTrail(entityId: $id) { action after } }`, { id: parcel.shipmentId }, KEYS.customs);
    expect(audit.data.auditTrail).toContainEqual({ action: 'attachment.uploaded', after: expect.objectContaining({ attachmentId: stored.id, sizeBytes: TINY_FILES.pdf.length }) });
  });

  it('takes PNG and JPEG; refuses other types, empty and oversized files, strangers and missing keys, writing nothing', async () => {
    const parcel = await parcelWithDocumentRequest(server);
    expect((await upload(parcel.shipmentId, TINY_FILES.png, KEYS.seller, 'photo.png')).status).toBe(201);
    expect((await upload(parcel.shipmentId, TINY_FILES.jpeg, KEYS.seller, 'photo.jpg')).status).toBe(201);

    const refusals = await Promise.all([
      upload(parcel.shipmentId, Buffer.from('<html><script>alert(1)</script></html>'), KEYS.seller, 'invoice.pdf'),
      upload(parcel.shipmentId, Buffer.alloc(0)),
      upload(parcel.shipmentId, Buffer.concat([TINY_FILES.pdf, Buffer.alloc(5 * 1024 * 1024)])),
      upload(parcel.shipmentId, TINY_FILES.pdf, KEYS.otherSeller),
      upload(parcel.shipmentId, TINY_FILES.pdf, ''),
      upload(parcel.shipmentId, TINY_FILES.pdf, KEYS.customs),
      upload('not-a-uuid', TINY_FILES.pdf),
    ]);
    const answers = await Promise.all(refusals.map(async (r) => [r.status, ((await r.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code]));
    expect(answers).toEqual([
      [400, 'ATTACHMENT_TYPE_REFUSED'],
      [400, 'BAD_USER_INPUT'],
      [413, 'LIMIT_EXCEEDED'],
      [404, 'NOT_FOUND'],
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
    ]);
    const seen = await server.gql(ATTACHMENTS, { id: parcel.shipmentId }, KEYS.seller);
    expect(seen.data.shipment.attachments.map((a: { contentType: string }) => a.contentType)).toEqual(['image/png', 'image/jpeg']);
  });

  it('offers HS headings and subheadings for a picker, by code or by words', async () => {
    const byCode = await server.gql(`{ hsCodes(search: "6109", first: 5) { code title } }`);
    expect(byCode.data.hsCodes.map((h: { code: string }) => h.code)).toEqual(expect.arrayContaining(['6109', '610910']));
    const byWords = await server.gql(`{ hsCodes(search: "cotton T-shirts") { code } }`);
    expect(byWords.data.hsCodes.map((h: { code: string }) => h.code)).toContain('610910');
    const tooMany = await server.gql(`{ hsCodes(search: "6", first: 500) { code } }`);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
