import type { Resolvers } from '../../graphql/generated/resolvers-types.js';

/** Paths of a shipment's PDFs, relative to the API's origin; fetch them with the same API key. */
export const documentsResolvers: Resolvers = {
  Shipment: {
    documents: (shipment) => ({
      customsForm: shipment.customsForm === 'CN23' ? 'CN23' : 'CN22',
      customsDeclarationUrl: `/documents/shipments/${shipment.id}/declaration.pdf`,
      labelUrl: `/documents/shipments/${shipment.id}/label.pdf`,
    }),
  },
};
