/**
 * Bulk label rendering: 1,000 labels in one streamed PDF, then the same labels as ZPL, in process
 * with fixture data (no database, no HTTP), to measure the renderers themselves.
 * Run: npm run bench:labels [-- COUNT]
 */
import { Writable } from 'node:stream';
import { createPdf, renderLabel, renderLabelsZpl } from '../src/modules/documents/documents.renderers.js';
import { buildS10 } from '../src/standards/s10.js';
import { labelData } from '../test/support/document-fixtures.js';

const count = Number(process.argv[2] ?? 1000);
const labels = Array.from({ length: count }, (_, i) => {
  const label = labelData({ trackingNumber: buildS10('LM', 10_000_000 + i, 'MY'), sellerReference: `ORD-${i}` });
  label.declaration.addressee = { ...label.declaration.addressee, name: `Анна Иванова ${i}`, addressLines: [`ул. Тверская, д. ${i % 90}, кв. ${i % 300}`] };
  return label;
});

async function run(): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const started = process.hrtime.bigint();
  const doc = createPdf('bench');
  const finished = new Promise((resolve) => sink.on('finish', resolve));
  doc.pipe(sink);
  for (const label of labels) renderLabel(doc, label);
  doc.end();
  await finished;
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes };
}

/** The same labels as ZPL, in the router's slices of 25 (Cyrillic addressees go as ^GFA bitmaps). */
async function runZpl(): Promise<{ ms: number; bytes: number }> {
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < labels.length; i += 25) bytes += Buffer.byteLength(renderLabelsZpl(labels.slice(i, i + 25)));
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes };
}

async function measure(name: string, once: () => Promise<{ ms: number; bytes: number }>) {
  await once(); // warm-up: fonts, templates, JIT
  const results = [];
  for (let i = 0; i < 3; i += 1) results.push(await once());
  const best = results.reduce((a, b) => (a.ms < b.ms ? a : b));
  const median = [...results].sort((a, b) => a.ms - b.ms)[1];
  console.log(`${count} labels as ${name} (${(best.bytes / 1024 / 1024).toFixed(1)} MiB)`);
  console.log(`median ${median.ms.toFixed(0)} ms = ${Math.round((count / median.ms) * 1000)} labels/s; best ${Math.round((count / best.ms) * 1000)} labels/s`);
}

await measure('one PDF', run);
await measure('ZPL', runZpl);
