/**
 * Generated PDFs read back: text extracted with pdfjs-dist must show every required field with its
 * value; barcodes decoded from a rendering must equal the identifiers.
 */
import { describe, expect, it } from '@jest/globals';
import { allText, decodeCode128, openPdf, pageTexts, printedTexts, renderPage, renderPdf as render } from '../../../test/support/pdf.js';
import { cn35Data, declarationData, dispatchData, labelData, manyLineDeclaration, S8, S9 } from '../../../test/support/document-fixtures.js';
import { renderCn35, renderCn38, renderDeclaration, renderLabel, renderManifest } from './documents.renderers.js';

const CERTIFICATION_CN22 = 'certify that the particulars given in this declaration are correct and that this item does not contain any dangerous article';
const CERTIFICATION_CN23 = 'I certify that the particulars given in this customs declaration are correct';

describe('CN 22', () => {
  it('prints every field of the form with its value', async () => {
    const pdf = await render((doc) => renderDeclaration(doc, declarationData()));
    const text = await allText(pdf);
    for (const expected of [
      'CUSTOMS DECLARATION CN 22',
      'Designated operator', 'Pos Malaysia',
      'May be opened officially',
      'LM 100 000 015 MY',
      'Office of origin / date of posting', 'MYKULA Kuala Lumpur DFTZ eFulfilment Hub', '2026-11-21',
      'Sender', 'Mawar Apparel Sdn Bhd', 'Lot 12, Jalan KLIA S5', '64000 Sepang', 'MALAYSIA (MY)',
      'Addressee', 'Анна Иванова', 'ул. Тверская, д. 7, кв. 12', '125009 Москва', 'RUSSIAN FEDERATION (RU)',
      'Category of item', 'Gift', 'Documents', 'Commercial sample', 'Returned goods', 'Sale of goods', 'Other',
      "2 × Women's cotton T-shirt, printed", '0.300', '45.90 MYR', '610910',
      '1 × Silk scarf, hand-painted batik', '0.060', '89.00 MYR', '621410',
      '(6) Total weight (kg) 0.420', '(7) Total value 134.90 MYR',
      'LIC-55/2026', 'CERT-ORIG-9912', 'INV-2026-0001', 'TIN LVG-C20230011',
      CERTIFICATION_CN22,
      "(8) Date and sender's signature 2026-11-21 Mawar Apparel Sdn Bhd (signed electronically)",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('carries a Code 128 barcode that scans as the S10 number', async () => {
    const pdf = await render((doc) => renderDeclaration(doc, declarationData()));
    // The barcode's box in templates/documents/cn22.json, in pixels at scale 3, with a margin.
    expect(decodeCode128(await renderPage(pdf, 1, 3), { x: 0, y: 40 * 3, w: 200 * 3, h: 50 * 3 })).toBe('LM100000015MY');
  });
});

describe('CN 23', () => {
  it('is chosen by the declaration and prints every field (1)–(15)', async () => {
    const pdf = await render((doc) => renderDeclaration(doc, declarationData({ form: 'CN23', category: 'OTHER', categoryExplanation: 'Spare parts for repair under warranty' })));
    const text = await allText(pdf);
    for (const expected of [
      'CUSTOMS DECLARATION CN 23', 'Pos Malaysia', 'LM 100 000 015 MY',
      'MYKULA Kuala Lumpur DFTZ', '2026-11-21', 'ORD-2026-11-0042',
      'Mawar Apparel Sdn Bhd', 'Southern Support Zone', 'Tel. +60 3 8787 1234',
      'Анна Иванова', '125009 Москва', 'Tel. +7 495 123 45 67', 'anna@example.ru',
      "Sender's customs reference (if any) MY-EXP-7781",
      'Importer\'s reference (tax code / VAT no. / importer code) INN 7707083893',
      'LVG-C20230011',
      "Women's cotton T-shirt, printed", '0.300', '45.90 MYR', '610910',
      'Silk scarf, hand-painted batik', '0.060', '89.00 MYR', '621410',
      '(4) Total gross weight (kg) 0.420', '(6) Total value 134.90 MYR', '(9) Postal charges / fees 25.00 MYR',
      '(10) Category of item', '(10) Explanation Spare parts for repair under warranty',
      '(11) Comments', 'No restrictions',
      '(12) Licence no(s). LIC-55/2026', '(13) Certificate no(s). CERT-ORIG-9912', '(14) Invoice no. INV-2026-0001',
      CERTIFICATION_CN23,
      "(15) Date and sender's signature 2026-11-21 Mawar Apparel Sdn Bhd",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('CN 22');
  });

  it('spreads 50 lines over several sheets without losing or repeating one', async () => {
    const data = manyLineDeclaration(50);
    const pdf = await render((doc) => renderDeclaration(doc, data));
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain(`Sheet 1 of ${pages.length}`);
    expect(pages.at(-1)).toContain(`Sheet ${pages.length} of ${pages.length}`);
    const items = pages.flat();
    const positions = data.lines.map((l) => {
      const at = items.indexOf(l.description);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(items.filter((s) => s === l.description)).toHaveLength(1);
      const value = `${(l.value.amountMinor / 100).toFixed(2)} MYR`;
      expect(items.slice(at, at + 8)).toContain(value);
      return at;
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Each continuation sheet names the item it belongs to.
    for (const page of pages.slice(1)) expect(page.join(' ')).toContain('CM 100 000 029 MY');
  });
});

describe('text that does not fit', () => {
  it('wraps, shrinks and at last cuts with an ellipsis, never leaving the page', async () => {
    const long = 'Ручная вышивка, шёлковые нити, подарочная коробка '.repeat(12);
    const data = declarationData({
      form: 'CN23',
      addressee: { ...declarationData().addressee, addressLines: [long, long] },
      lines: [{ ...declarationData().lines[0], description: long }],
    });
    const pdf = await render((doc) => renderDeclaration(doc, data));
    const text = await allText(pdf);
    expect(text).toContain('…');
    expect(text).toContain('Ручная вышивка, шёлковые нити');
    const doc = await openPdf(pdf);
    const page = await doc.getPage(1);
    const [, , width] = page.view;
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str) continue;
      expect(item.transform[4]).toBeGreaterThanOrEqual(0);
      expect(item.transform[4] + item.width).toBeLessThanOrEqual(width - 19); // inside the 20 pt margin
    }
    await doc.destroy();
  });
});

describe('parcel label', () => {
  it('prints sender, addressee, service, S10, destination office, weight and the CN 22 block', async () => {
    const pdf = await render((doc) => renderLabel(doc, labelData()));
    const pages = await pageTexts(pdf);
    expect(pages).toHaveLength(1);
    const items = pages[0];
    const text = items.join(' ');
    for (const expected of ['TRACKED PACKET', 'RUMOWA', 'From', 'Mawar Apparel Sdn Bhd', 'To', 'LM 100 000 015 MY', 'Weight (kg)', '0.420', 'CN 22',
      'CUSTOMS DECLARATION CN 22', "2 × Women's cotton T-shirt, printed", '45.90 MYR', '610910', '134.90 MYR', 'signed electronically']) {
      expect(text).toContain(expected);
    }
    // The Cyrillic address comes back as the same characters, line by line.
    expect(items).toEqual(expect.arrayContaining(['Анна Иванова', 'ул. Тверская, д. 7, кв. 12', '125009 Москва']));
  });

  it('has a barcode that scans as the S10 number', async () => {
    const pdf = await render((doc) => renderLabel(doc, labelData()));
    expect(decodeCode128(await renderPage(pdf, 1, 3))).toBe('LM100000015MY');
  });

  it('leaves out the CN 22 block when the declaration is a CN 23', async () => {
    const pdf = await render((doc) => renderLabel(doc, labelData({ form: 'CN23' })));
    const text = await allText(pdf);
    expect(text).toContain('CN 23 customs declaration attached');
    expect(text).not.toContain('CUSTOMS DECLARATION CN 22');
  });
});

describe('CN 35 bag label', () => {
  it('prints every field and an S9 barcode that scans', async () => {
    const pdf = await render((doc) => renderCn35(doc, cn35Data()));
    const text = await allText(pdf);
    for (const expected of ['CN 35', 'MYKULA', 'Kuala Lumpur DFTZ', 'RUMOWA', 'Moskva', 'A — Air / priority', 'CC — E-commerce parcels',
      'Dispatch no. 0042', 'Receptacle serial 017', 'Gross weight (kg) 18.4', 'Items 46', 'Malaysia Airlines Cargo', 'MH 0130', 'KUL → SVO', S9, S8]) {
      expect(text).toContain(expected);
    }
    expect(decodeCode128(await renderPage(pdf, 1, 3))).toBe(S9);
  });
});

describe('CN 38 delivery bill and manifest', () => {
  it('lists each receptacle with weight and item count, totals, transport, air waybill and signature boxes', async () => {
    const data = dispatchData(3, 4);
    const pdf = await render((doc) => renderCn38(doc, data));
    const items = (await pageTexts(pdf)).flat();
    const text = items.join(' ');
    for (const r of data.receptacles) {
      const at = items.indexOf(r.receptacleId);
      expect(at).toBeGreaterThan(0);
      expect(items.slice(at, at + 4)).toEqual(expect.arrayContaining([String(r.itemCount), (r.grossWeightGrams / 1000).toFixed(1)]));
    }
    for (const expected of ['DELIVERY BILL CN 38', S8, 'MYKULA', 'RUMOWA', 'MH 0130', '2026-11-21 23:55', 'KUL → SVO', '232-12345675',
      'Total receptacles 3', 'Total items 12', 'Total gross weight (kg) 39.9',
      'Office of exchange of dispatch — name, date and signature', 'Received by the carrier — name, date and signature']) {
      expect(text).toContain(expected);
    }
  });

  it('continues on further sheets for a large dispatch', async () => {
    const data = dispatchData(70, 1);
    const pages = await pageTexts(await render((doc) => renderCn38(doc, data)));
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.flat();
    for (const r of data.receptacles) expect(all.filter((s) => s === r.receptacleId)).toHaveLength(1);
  });

  it('manifest has one row per item', async () => {
    const data = dispatchData(3, 4);
    const items = (await pageTexts(await render((doc) => renderManifest(doc, data)))).flat();
    expect(items.join(' ')).toContain('ITEM MANIFEST');
    for (const item of data.items) expect(items.filter((s) => s === item.trackingNumber)).toHaveLength(1);
    expect(items).toContain('Пётр Смирнов');
  });

  // What the hub prints for a parcel with five declaration lines (quantity × description, joined by "; ").
  const FIVE_LINES = [
    "2 × Women's cotton T-shirt, printed, size M",
    '1 × Silk scarf, hand-painted batik, 90 × 90 cm',
    '3 × Baby romper, organic cotton, 6-12 months',
    '1 × Leather wallet with RFID blocking lining',
    '4 × Ceramic coffee mug with glazed floral pattern',
  ];

  it('manifest shows all five content lines of a parcel at full size: the row grows, nothing is cut', async () => {
    const data = dispatchData(1, 3);
    data.items[1] = { ...data.items[1], contents: FIVE_LINES.join('; ') };
    const pdf = await render((doc) => renderManifest(doc, data));
    const text = await allText(pdf);
    expect(text).toContain(FIVE_LINES.join('; '));
    expect(text).not.toContain('…');
    const contents = (await printedTexts(pdf)).filter((i) => i.str.trim().length > 3 && FIVE_LINES.join('; ').includes(i.str.trim()));
    expect(contents.length).toBeGreaterThanOrEqual(5);
    for (const item of contents) expect(item.size).toBe(6.5);
    for (const item of data.items) expect(text).toContain(item.trackingNumber);
  });

  it('manifest breaks pages between grown rows and keeps every item once, in order', async () => {
    const data = dispatchData(4, 15);
    data.items = data.items.map((item) => ({ ...item, contents: FIVE_LINES.join('; ') }));
    const pages = await pageTexts(await render((doc) => renderManifest(doc, data)));
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)).toContain(`Sheet ${pages.length} of ${pages.length}`);
    const all = pages.flat();
    const positions = data.items.map((item) => {
      expect(all.filter((s) => s === item.trackingNumber)).toHaveLength(1);
      return all.indexOf(item.trackingNumber);
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const page of pages) expect(page.join(' ')).not.toContain('…');
    const text = pages.flat().join(' ');
    expect(text.split(FIVE_LINES[4]).length - 1).toBe(data.items.length);
  });
});
