/**
 * A message's structure, declared once. The XML encoder walks it (element order), and the XSD and
 * JSON Schema published in schemas/edi/ are generated from it (`npm run edi:schemas`), so the three
 * cannot drift apart. Patterns are written for both regex dialects: implicitly anchored in XSD,
 * anchored with ^…$ when written to JSON Schema.
 */
export type Scalar =
  | { kind: 'string'; pattern?: string; maxLength?: number; enum?: readonly string[] }
  | { kind: 'integer'; minimum?: number; maximum?: number }
  | { kind: 'boolean' }
  | { kind: 'dateTime' };

export interface Group {
  kind: 'group';
  fields: readonly Field[];
}

export type FieldType = Scalar | Group;

export interface Field {
  name: string;
  doc: string;
  type: FieldType;
  optional: boolean;
  /** Set for lists: XML writes `<name><item/>…</name>`, JSON an array. */
  item?: string;
}

export interface MessageDefinition {
  /** Root element and messageType value, e.g. ITMATT. */
  root: string;
  doc: string;
  namespace: string;
  fields: readonly Field[];
}

type Options = { optional?: boolean };

export const text = (opts: Omit<Extract<Scalar, { kind: 'string' }>, 'kind'> = {}): Scalar => ({ kind: 'string', ...opts });
export const integer = (minimum = 0, maximum?: number): Scalar => ({ kind: 'integer', minimum, maximum });
export const bool = (): Scalar => ({ kind: 'boolean' });
export const dateTime = (): Scalar => ({ kind: 'dateTime' });
export const group = (...fields: Field[]): Group => ({ kind: 'group', fields });

export const field = (name: string, type: FieldType, doc: string, opts: Options = {}): Field => ({ name, doc, type, optional: opts.optional ?? false });
export const optional = (name: string, type: FieldType, doc: string): Field => field(name, type, doc, { optional: true });
export const list = (name: string, item: string, type: FieldType, doc: string, opts: Options = {}): Field => ({ ...field(name, type, doc, opts), item });
