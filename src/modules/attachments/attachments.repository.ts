import type { Queryable } from '../../db/database.js';

export interface AttachmentRow {
  id: string;
  shipmentId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
}

const COLUMNS = `id, shipment_id AS "shipmentId", filename, content_type AS "contentType", size_bytes AS "sizeBytes", sha256, uploaded_at AS "uploadedAt"`;

export async function insertAttachment(tx: Queryable, row: Omit<AttachmentRow, 'uploadedAt'> & { content: Buffer; uploadedBy: string }): Promise<AttachmentRow> {
  const [inserted] = await tx.query<AttachmentRow>(
    `INSERT INTO attachments (id, shipment_id, filename, content_type, size_bytes, sha256, content, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [row.id, row.shipmentId, row.filename, row.contentType, row.sizeBytes, row.sha256, row.content, row.uploadedBy],
  );
  return inserted;
}

export async function attachmentsOf(db: Queryable, shipmentIds: readonly string[]): Promise<AttachmentRow[]> {
  return db.query<AttachmentRow>(`SELECT ${COLUMNS} FROM attachments WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id, id`, [shipmentIds]);
}

export async function attachmentWithContent(db: Queryable, id: string): Promise<(AttachmentRow & { content: Buffer }) | undefined> {
  return (await db.query<AttachmentRow & { content: Buffer }>(`SELECT ${COLUMNS}, content FROM attachments WHERE id = $1`, [id]))[0];
}
