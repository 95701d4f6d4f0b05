/**
 * Renders one sample of each document to docs/images/*.png (pdfjs-dist + @napi-rs/canvas, no system
 * tools) from the fixture data, and previews of the ZPL labels (one pixel per dot; font-0 text drawn
 * in a stand-in font). Run: npm run docs:images
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createPdf, pdfBuffer, renderCn35, renderCn35Zpl, renderCn38, renderDeclaration, renderLabel, renderLabelsZpl, renderManifest } from '../src/modules/documents/documents.renderers.js';
import { projectPath } from '../src/platform/paths.js';
import { cn35Data, declarationData, dispatchData, labelData, manyLineDeclaration, mixedScriptDeclaration, mixedScriptDispatch } from '../test/support/document-fixtures.js';
import { renderPage } from '../test/support/pdf.js';
import { parseZpl, previewLabel } from '../test/support/zpl.js';

const samples: [string, number, (doc: PDFKit.PDFDocument) => unknown][] = [
  ['cn22', 2, (doc) => renderDeclaration(doc, declarationData())],
  ['cn23', 1.3, (doc) => renderDeclaration(doc, manyLineDeclaration(50))],
  ['label', 2, (doc) => renderLabel(doc, labelData())],
  ['cn35', 1.6, (doc) => renderCn35(doc, cn35Data())],
  ['cn38', 1.3, (doc) => renderCn38(doc, dispatchData(6, 8))],
  ['manifest', 1.3, (doc) => renderManifest(doc, mixedScriptDispatch())],
  ['label-zh', 2, (doc) => renderLabel(doc, { ...labelData(), declaration: mixedScriptDeclaration() })],
];
const zplSamples: [string, string][] = [
  ['label-zpl', renderLabelsZpl([{ ...labelData(), declaration: mixedScriptDeclaration() }])],
  ['cn35-zpl', renderCn35Zpl(cn35Data())],
];

const dir = projectPath('docs', 'images');
mkdirSync(dir, { recursive: true });
for (const [name, scale, draw] of samples) {
  const doc = createPdf(name);
  const out = pdfBuffer(doc);
  draw(doc);
  doc.end();
  const pdf = await out;
  const page = await renderPage(pdf, 1, scale);
  writeFileSync(`${dir}/${name}.png`, page.png());
  console.log(`docs/images/${name}.png`);
}
for (const [name, zpl] of zplSamples) {
  writeFileSync(`${dir}/${name}.png`, previewLabel(parseZpl(zpl)[0]));
  console.log(`docs/images/${name}.png`);
}
