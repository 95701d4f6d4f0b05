/**
 * The carrier REST interface's OpenAPI 3.1 document, served at /api/carrier/openapi.json. Its
 * request schemas are also what the routes validate bodies against (carrier-rest.validation.ts),
 * so the document cannot promise a shape the server does not check.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Error${s}` }]));
const dateTime = { type: 'string', format: 'date-time' };
const text = (maxLength: number, description: string) => ({ type: 'string', minLength: 1, maxLength, description });

const ERROR_TEXT: Record<number, string> = {
  400: 'BAD_USER_INPUT (with the field or path), LIMIT_EXCEEDED, or BAD_REQUEST (body not JSON).',
  401: 'UNAUTHENTICATED: no key, or a key that is not valid or revoked.',
  403: 'FORBIDDEN: the key has a role other than CARRIER (or, for downloads, HUB_OPERATOR/ADMIN).',
  404: 'NOT_FOUND: no such handoff, dispatch or consignment for this key.',
  409: 'LEASE_LOST (acknowledge with a lease another poller took over) or DISPATCH_NOT_CLOSED.',
  413: 'PAYLOAD_TOO_LARGE.',
};

export const CARRIER_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Silkgate carrier API',
    version: '1.0.0',
    description:
      'For carriers that do not speak GraphQL: the pull queue of closed dispatches, RESDES-style acknowledgements, item (UPU EMSEVT codes) and receptacle (RESDIT codes) events in, and EDI document downloads. Same service code, keys and error codes as the GraphQL API (docs/carriers.md, docs/edi.md). Text may not contain U+0000.',
  },
  servers: [{ url: '/' }],
  security: [{ apiKey: [] }],
  paths: {
    '/api/carrier/handoffs': {
      get: {
        operationId: 'listHandoffs',
        summary: 'Your queue: closed dispatches not yet acknowledged, oldest first, with their advance data.',
        parameters: [
          { name: 'first', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'after', in: 'query', description: 'endCursor of the previous page.', schema: { type: 'string', maxLength: 200 } },
        ],
        responses: { 200: { description: 'A page of handoffs.', content: json(ref('HandoffPage')) }, ...errors(400, 401, 403) },
      },
    },
    '/api/carrier/handoffs/claim': {
      post: {
        operationId: 'claimHandoffs',
        summary: 'Lease up to max handoffs for leaseSeconds; unacknowledged leases return to the queue when they expire.',
        requestBody: { required: false, content: json(ref('ClaimRequest')) },
        responses: { 200: { description: 'The handoffs leased to you.', content: json(ref('ClaimResult')) }, ...errors(400, 401, 403) },
      },
    },
    '/api/carrier/handoffs/{id}/acknowledge': {
      post: {
        operationId: 'acknowledgeHandoff',
        summary: 'RESDES-style receipt of the receptacles received; parcels in them are handed over.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: { required: true, content: json(ref('AcknowledgeRequest')) },
        responses: { 200: { description: 'The receipt.', content: json(ref('AcknowledgeResult')) }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/api/carrier/events': {
      post: {
        operationId: 'reportCarrierEvents',
        summary: 'Item events by S10 number and receptacle (RESDIT) events by S9 id; idempotent by eventId; invalid events answered one by one.',
        requestBody: { required: true, content: json(ref('ReportEventsRequest')) },
        responses: { 200: { description: 'One result per event, in input order.', content: json(ref('ReportEventsResult')) }, ...errors(400, 401, 403, 413) },
      },
    },
    '/api/edi/dispatches/{id}/{messageType}': {
      get: {
        operationId: 'downloadDispatchEdi',
        summary: 'ITMATT, PREDES or EMSEVT of a closed dispatch, in Silkgate XML (schemas/edi/*.xsd) or JSON (schemas/edi/*.schema.json).',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'messageType', in: 'path', required: true, schema: { type: 'string', enum: ['itmatt', 'predes', 'emsevt'] } },
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['xml', 'json'], default: 'xml' } },
        ],
        responses: {
          200: { description: 'The document.', content: { 'application/xml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    '/api/edi/consignments/{id}/cardit': {
      get: {
        operationId: 'downloadCardit',
        summary: 'CARDIT of a consignment.',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['xml', 'json'], default: 'xml' } },
        ],
        responses: {
          200: { description: 'The document.', content: { 'application/xml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  },
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A CARRIER API key: Authorization: Bearer <key>.' } },
    responses: Object.fromEntries(Object.entries(ERROR_TEXT).map(([s, description]) => [`Error${s}`, { description, content: json(ref('Errors')) }])),
    schemas: {
      Errors: {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message', 'extensions'],
              properties: {
                message: { type: 'string' },
                extensions: { type: 'object', required: ['code'], properties: { code: { type: 'string' } }, additionalProperties: true },
              },
            },
          },
        },
      },
      ClaimRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          max: { type: 'integer', minimum: 1, maximum: 10000, default: 100 },
          leaseSeconds: { type: 'integer', minimum: 5, maximum: 86400, default: 300 },
        },
      },
      AcknowledgeRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['receptacleNumbers'],
        properties: {
          receptacleNumbers: { type: 'array', description: 'At most 999.', items: text(40, 'S9 number of a receptacle received.') },
          receivedAt: dateTime,
          leaseId: { type: 'string', format: 'uuid', description: 'The lease from the claim: when given it must still be current.' },
        },
      },
      CarrierEvent: {
        type: 'object',
        additionalProperties: false,
        required: ['eventId', 'code', 'occurredAt'],
        properties: {
          eventId: text(100, "The carrier's own id: a repeat is acknowledged and not stored again."),
          trackingNumber: text(40, 'S10 number, for an item event.'),
          receptacleId: text(40, 'S9 receptacle id, for a receptacle (RESDIT) event; it feeds the timeline of every item in the receptacle.'),
          code: text(10, "Item: EMC, EMJ, EMK, EMD, EDA, EDB, EME, EDC, EMF, EDD, EDE, EMG, EDF, EDG, EDH, EMH, EMI, and Silkgate's own SGR (sent back to the origin). Receptacle (RESDIT): 74, 6, 48, 24, 41, 42, 43, 57, 21, 82, 49, 37."),
          occurredAt: dateTime,
          office: text(35, 'Office of exchange or place, e.g. RUMOWA.'),
          countryCode: { type: 'string', pattern: '^[A-Za-z]{2}$' },
          returnReason: { type: 'string', enum: ['FAILED_ATTEMPTS', 'REFUSED', 'ADDRESSEE_UNKNOWN'], description: 'SGR only: why the parcel could not be delivered.' },
          returnDispatch: text(20, 'SGR only: S8 id of the returned-items dispatch (mail subclass CB) to the origin hub office.'),
        },
      },
      ReportEventsRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['events'],
        properties: { events: { type: 'array', description: 'At least one; more than 1,000 is refused with LIMIT_EXCEEDED.', items: ref('CarrierEvent') } },
      },
      EventResult: {
        oneOf: [
          {
            type: 'object',
            required: ['result', 'index', 'eventId', 'duplicate'],
            properties: {
              result: { const: 'accepted' }, index: { type: 'integer' }, eventId: { type: 'string' }, duplicate: { type: 'boolean' },
              trackingNumber: { type: ['string', 'null'] }, receptacleId: { type: ['string', 'null'] }, status: { type: ['string', 'null'], description: "The parcel's status after this call (item events)." },
            },
          },
          {
            type: 'object',
            required: ['result', 'index', 'eventId', 'errorCode', 'message'],
            properties: {
              result: { const: 'rejected' }, index: { type: 'integer' }, eventId: { type: 'string' },
              errorCode: { enum: ['INVALID_EVENT', 'UNKNOWN_EVENT_CODE', 'UNKNOWN_ITEM', 'NOT_YOUR_ITEM', 'UNKNOWN_RECEPTACLE'] }, message: { type: 'string' },
            },
          },
        ],
      },
      ReportEventsResult: {
        type: 'object',
        required: ['acceptedCount', 'duplicateCount', 'rejectedCount', 'results'],
        properties: {
          acceptedCount: { type: 'integer' }, duplicateCount: { type: 'integer' }, rejectedCount: { type: 'integer' },
          results: { type: 'array', items: ref('EventResult') },
        },
      },
      Receipt: {
        type: 'object',
        required: ['receivedAt', 'received', 'missing', 'extra', 'hasDiscrepancies'],
        properties: {
          receivedAt: dateTime,
          received: { type: 'array', items: { type: 'string' } },
          missing: { type: 'array', items: { type: 'string' }, description: 'Receptacles of the dispatch that were not received.' },
          extra: { type: 'array', items: { type: 'string' }, description: 'Numbers received that are not in the dispatch.' },
          hasDiscrepancies: { type: 'boolean' },
        },
      },
      HandoffSummary: {
        type: 'object',
        required: ['id', 'dispatchNumber', 'state', 'leaseCount', 'createdAt', 'links'],
        properties: {
          id: { type: 'string', format: 'uuid', description: 'The dispatch id.' },
          dispatchNumber: { type: 'string', description: 'S8 dispatch identifier.' },
          state: { enum: ['READY', 'LEASED', 'ACKNOWLEDGED'] },
          leaseId: { type: ['string', 'null'] },
          leasedUntil: { type: ['string', 'null'], format: 'date-time' },
          leaseCount: { type: 'integer' },
          createdAt: dateTime,
          receipt: { oneOf: [ref('Receipt'), { type: 'null' }] },
          links: { type: 'object', description: 'EDI downloads of the dispatch.', additionalProperties: { type: 'string' } },
        },
      },
      Handoff: {
        allOf: [
          ref('HandoffSummary'),
          {
            type: 'object',
            required: ['deliveryBill', 'receptacles', 'items'],
            properties: {
              deliveryBill: { type: 'object', description: 'CN 38-style delivery bill: dispatch, transport, air waybill, receptacles, totals.' },
              receptacles: { type: 'array', items: { type: 'object' } },
              items: { type: 'array', description: 'ITMATT-style per-item advance data (as the dispatch.closed push).', items: { type: 'object' } },
            },
          },
        ],
      },
      HandoffPage: {
        type: 'object',
        required: ['handoffs', 'pageInfo'],
        properties: {
          handoffs: { type: 'array', items: ref('Handoff') },
          pageInfo: { type: 'object', required: ['hasNextPage'], properties: { hasNextPage: { type: 'boolean' }, endCursor: { type: ['string', 'null'] } } },
        },
      },
      ClaimResult: { type: 'object', required: ['handoffs'], properties: { handoffs: { type: 'array', items: ref('HandoffSummary') } } },
      AcknowledgeResult: {
        type: 'object',
        required: ['alreadyAcknowledged', 'receipt', 'handoff'],
        properties: { alreadyAcknowledged: { type: 'boolean' }, receipt: ref('Receipt'), handoff: ref('HandoffSummary') },
      },
    },
  },
} as const;
