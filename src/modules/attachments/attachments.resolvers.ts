import DataLoader from 'dataloader';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Resolvers } from '../../graphql/generated/resolvers-types.js';
import type { AttachmentRow } from './attachments.repository.js';
import { ATTACHMENT_READERS } from './attachments.service.js';

/** An attachment as the API shows it: its download path and the reference for document requests. */
export const attachmentView = (row: AttachmentRow) => ({ ...row, url: `/attachments/${row.id}`, reference: `attachment:${row.id}` });
export type AttachmentModel = ReturnType<typeof attachmentView>;

const loaderCache = new WeakMap<GraphQLContext, DataLoader<string, AttachmentRow[]>>();

function attachmentsLoader(ctx: GraphQLContext): DataLoader<string, AttachmentRow[]> {
  let loader = loaderCache.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await ctx.services.attachments.listFor(ids);
      return ids.map((id) => rows.filter((r) => r.shipmentId === id));
    });
    loaderCache.set(ctx, loader);
  }
  return loader;
}

export const attachmentsResolvers: Resolvers = {
  Shipment: {
    attachments: async (shipment, _a, ctx) =>
      ctx.principal && (ATTACHMENT_READERS as readonly string[]).includes(ctx.principal.role) ? (await attachmentsLoader(ctx).load(shipment.id)).map(attachmentView) : [],
  },
};
