import type { DocumentFormat, Resolvers } from '../../graphql/generated/resolvers-types.js';

/** Paths of documents, relative to the API's origin; fetch them with the same API key. ZPL: the same route with ?format=zpl. */
const withFormat = (path: string, format: DocumentFormat | null | undefined) => (format === 'ZPL' ? `${path}?format=zpl` : path);

export const documentsResolvers: Resolvers = {
  Shipment: {
    documents: (shipment) => ({
      customsForm: shipment.customsForm === 'CN23' ? 'CN23' : 'CN22',
      customsDeclarationUrl: `/documents/shipments/${shipment.id}/declaration.pdf`,
      labelUrl: `/documents/shipments/${shipment.id}/label.pdf`,
    }),
  },
  ShipmentDocuments: {
    labelUrl: (documents, { format }) => withFormat(documents.labelUrl, format),
  },
  // Bags and dispatches are the hub module's; their documents are addressed by S9 / S8 identifier.
  Receptacle: {
    cn35Url: (r, { format }) => (r.receptacleNumber ? withFormat(`/documents/receptacles/${r.receptacleNumber}/cn35.pdf`, format) : null),
  },
  Dispatch: {
    cn38Url: (d) => (d.state === 'OPEN' ? null : `/documents/dispatches/${d.dispatchNumber}/cn38.pdf`),
    manifestUrl: (d) => (d.state === 'OPEN' ? null : `/documents/dispatches/${d.dispatchNumber}/manifest.pdf`),
  },
};
