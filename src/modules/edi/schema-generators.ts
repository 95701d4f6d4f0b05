import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Field, FieldType, MessageDefinition, Scalar } from './schema-dsl.js';

const XS = 'http://www.w3.org/2001/XMLSchema';

/** The XML Schema of a message: one root element, nested anonymous types, elements in declared order. */
export function toXsd(def: MessageDefinition): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(XS, 'xs:schema', {
    targetNamespace: def.namespace,
    xmlns: def.namespace,
    elementFormDefault: 'qualified',
  });
  const root = doc.ele(XS, 'xs:element', { name: def.root });
  annotate(root, def.doc);
  sequence(root.ele(XS, 'xs:complexType'), def.fields);
  return doc.end({ prettyPrint: true });
}

function annotate(node: XMLBuilder, doc: string): void {
  node.ele(XS, 'xs:annotation').ele(XS, 'xs:documentation').txt(doc);
}

function sequence(complexType: XMLBuilder, fields: readonly Field[]): void {
  const seq = complexType.ele(XS, 'xs:sequence');
  for (const f of fields) {
    const el = seq.ele(XS, 'xs:element', { name: f.name, ...(f.optional ? { minOccurs: '0' } : {}) });
    annotate(el, f.doc);
    if (f.item) {
      const inner = el.ele(XS, 'xs:complexType').ele(XS, 'xs:sequence').ele(XS, 'xs:element', { name: f.item, minOccurs: '0', maxOccurs: 'unbounded' });
      typeOf(inner, f.type);
    } else {
      typeOf(el, f.type);
    }
  }
}

function typeOf(el: XMLBuilder, type: FieldType): void {
  if (type.kind === 'group') return sequence(el.ele(XS, 'xs:complexType'), type.fields);
  if (type.kind === 'boolean') return void el.att('type', 'xs:boolean');
  if (type.kind === 'dateTime') return void el.att('type', 'xs:dateTime');
  const base = type.kind === 'integer' ? 'xs:integer' : 'xs:string';
  const restriction = el.ele(XS, 'xs:simpleType').ele(XS, 'xs:restriction', { base });
  if (type.kind === 'integer') {
    if (type.minimum !== undefined) restriction.ele(XS, 'xs:minInclusive', { value: String(type.minimum) });
    if (type.maximum !== undefined) restriction.ele(XS, 'xs:maxInclusive', { value: String(type.maximum) });
    return;
  }
  if (type.pattern) restriction.ele(XS, 'xs:pattern', { value: type.pattern });
  if (type.maxLength) restriction.ele(XS, 'xs:maxLength', { value: String(type.maxLength) });
  for (const v of type.enum ?? []) restriction.ele(XS, 'xs:enumeration', { value: v });
  // Text is never empty: an absent value is an absent element.
  if (!type.pattern && !type.enum) restriction.ele(XS, 'xs:minLength', { value: '1' });
}

/** JSON Schema (2020-12) of the JSON form: objects closed to unknown properties, lists as arrays. */
export function toJsonSchema(def: MessageDefinition): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${def.namespace}:json`,
    title: def.root,
    description: def.doc,
    ...objectSchema(def.fields),
  };
}

function objectSchema(fields: readonly Field[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: fields.filter((f) => !f.optional).map((f) => f.name),
    properties: Object.fromEntries(
      fields.map((f) => [f.name, f.item ? { description: f.doc, type: 'array', items: jsonType(f.type) } : { description: f.doc, ...jsonType(f.type) }]),
    ),
  };
}

function jsonType(type: FieldType): Record<string, unknown> {
  if (type.kind === 'group') return objectSchema(type.fields);
  return scalarSchema(type);
}

function scalarSchema(type: Scalar): Record<string, unknown> {
  switch (type.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'dateTime':
      return { type: 'string', format: 'date-time' };
    case 'integer':
      return { type: 'integer', ...(type.minimum !== undefined ? { minimum: type.minimum } : {}), ...(type.maximum !== undefined ? { maximum: type.maximum } : {}) };
    case 'string':
      return {
        type: 'string',
        ...(type.pattern ? { pattern: `^(?:${type.pattern})$` } : {}),
        ...(type.maxLength ? { maxLength: type.maxLength } : {}),
        ...(type.enum ? { enum: type.enum } : {}),
        ...(!type.pattern && !type.enum ? { minLength: 1 } : {}),
      };
  }
}
