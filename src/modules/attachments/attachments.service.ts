import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, badInput, notFound } from '../../platform/errors.js';
import { isUuid, uuidv7 } from '../../platform/ids.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import type { ShipmentsService } from '../shipments/shipments.service.js';
import * as repo from './attachments.repository.js';
import type { AttachmentErrorCode } from './attachments.errors.js';
import { detectAttachmentType } from './file-type.js';

/** 5 MiB: a scanned invoice or a phone photo; the migration's CHECK says the same. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** Roles that may read a parcel's attachments (commercial documents are not for hub staff or carriers). */
export const ATTACHMENT_READERS = ['SELLER', 'CUSTOMS_OFFICER', 'ADMIN'] as const;

/** A file name as shown and offered for download: its last path part, printable, at most 200 characters. */
function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((c) => c >= ' ' && c !== '\u007f').join('').trim();
  return printable.slice(0, 200) || 'document';
}

/** Files sellers send with their parcels, e.g. the invoice customs asked for. */
export class AttachmentsService {
  constructor(private readonly db: Database, private readonly shipments: ShipmentsService) {}

  /** Stores a PDF, PNG or JPEG for one of the seller's parcels, with an audit record on the parcel. */
  async upload(principal: Principal, shipmentId: string, filename: string, bytes: Buffer, requestId?: string): Promise<repo.AttachmentRow> {
    const shipment = await this.shipments.get(principal, { id: shipmentId });
    if (!shipment) throw notFound('Shipment');
    if (bytes.length === 0) throw badInput('The file is empty.');
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('LIMIT_EXCEEDED', 'An attachment has at most 5 MiB.');
    const contentType = detectAttachmentType(bytes);
    if (!contentType) throw new AppError<AttachmentErrorCode>('ATTACHMENT_TYPE_REFUSED', 'Attach a PDF, PNG or JPEG file.');
    const row = {
      id: uuidv7(),
      shipmentId: shipment.id,
      filename: cleanFilename(filename),
      contentType,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    return this.db.transaction(async (tx) => {
      const stored = await repo.insertAttachment(tx, { ...row, content: bytes, uploadedBy: principal.apiKeyId });
      await appendAudit(tx, [{ actor: principal, action: 'attachment.uploaded', entityType: 'shipment', entityId: shipment.id, after: { attachmentId: row.id, filename: row.filename, contentType, sizeBytes: row.sizeBytes, sha256: row.sha256 }, requestId }]);
      return stored;
    });
  }

  /** The file, when the caller may see its parcel. */
  async read(principal: Principal, id: string): Promise<repo.AttachmentRow & { content: Buffer }> {
    const row = isUuid(id) ? await repo.attachmentWithContent(this.db, id) : undefined;
    if (!row || !(await this.shipments.get(principal, { id: row.shipmentId }))) throw notFound('Attachment');
    return { ...row, content: Buffer.from(row.content) };
  }

  /** For the Shipment.attachments loader: the parent shipment was already checked for visibility. */
  listFor(shipmentIds: readonly string[]): Promise<repo.AttachmentRow[]> {
    return repo.attachmentsOf(this.db, shipmentIds);
  }
}
