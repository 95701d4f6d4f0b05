import type { Resolvers } from '../../graphql/generated/resolvers-types.js';

/** Paths of PDFs, relative to the API's origin; fetch them with the same API key. */
export const documentsResolvers: Resolvers = {
  Shipment: {
    documents: (shipment) => ({
      customsForm: shipment.customsForm === 'CN23' ? 'CN23' : 'CN22',
      customsDeclarationUrl: `/documents/shipments/${shipment.id}/declaration.pdf`,
      labelUrl: `/documents/shipments/${shipment.id}/label.pdf`,
    }),
  },
  // Bags and dispatches are the hub module's; their documents are addressed by S9 / S8 identifier.
  Receptacle: {
    cn35Url: (r) => (r.receptacleNumber ? `/documents/receptacles/${r.receptacleNumber}/cn35.pdf` : null),
  },
  Dispatch: {
    cn38Url: (d) => (d.state === 'OPEN' ? null : `/documents/dispatches/${d.dispatchNumber}/cn38.pdf`),
    manifestUrl: (d) => (d.state === 'OPEN' ? null : `/documents/dispatches/${d.dispatchNumber}/manifest.pdf`),
  },
};
