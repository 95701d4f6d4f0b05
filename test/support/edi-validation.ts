/** Validates EDI documents against the published schemas in schemas/edi/ (XSD by libxml2 compiled to WASM, JSON Schema by ajv). */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

const schemaFile = (name: string) => readFileSync(new URL(`../../schemas/edi/${name}`, import.meta.url), 'utf8');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));

/** The XSD's validation errors for an XML document (empty when valid). */
export async function xsdErrors(messageType: string, xml: string): Promise<string[]> {
  const base = messageType.toLowerCase();
  const result = await validateXML({ xml: [{ fileName: `${base}.xml`, contents: xml }], schema: [{ fileName: `${base}.xsd`, contents: schemaFile(`${base}.xsd`) }] });
  return result.errors.map((e) => e.message);
}

/** The JSON Schema's validation errors for a JSON document (empty when valid). */
export function jsonSchemaErrors(messageType: string, json: string): string[] {
  const base = messageType.toLowerCase();
  const id = `${base}.schema.json`;
  const validate = ajv.getSchema(id) ?? (ajv.addSchema(JSON.parse(schemaFile(id)), id), ajv.getSchema(id)!);
  return validate(JSON.parse(json)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
