import { readFileSync } from 'node:fs';
import { printedLines, printedTexts } from './test/support/pdf.js';
const pdf = readFileSync('/tmp/proto/label.pdf');
console.log(await printedLines(pdf));
console.log((await printedTexts(pdf)).slice(0, 14));
