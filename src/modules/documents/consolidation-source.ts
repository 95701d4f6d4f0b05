/**
 * Where CN 35 and CN 38 data come from: the hub module (receptacles, dispatches) implements this and
 * is connected in src/app/services.ts with `documents.useConsolidationSource(...)`. Until then the
 * default answers "not found". An implementation returns null for anything the principal may not see
 * (hub staff and officers: their hub's; carriers: dispatches handed to them; admins: all).
 */
import type { Principal } from '../auth/principal.js';
import type { Cn35Data, DispatchDocumentData } from './documents.model.js';

export interface ConsolidationDocumentSource {
  /** The receptacle with this S9 identifier (29 characters), or null. */
  receptacle(receptacleId: string, principal: Principal): Promise<Cn35Data | null>;
  /** The dispatch with this S8 identifier (20 characters) with its receptacles and items, or null. */
  dispatch(dispatchId: string, principal: Principal): Promise<DispatchDocumentData | null>;
}

export const noConsolidationSource: ConsolidationDocumentSource = {
  receptacle: async () => null,
  dispatch: async () => null,
};
