import { describe, expect, it } from '@jest/globals';
import type { Lane } from './lanes.js';
import { fitsReceptacle, type ParcelForBag, type ReceptacleLoad } from './receptacle-fit.js';

const lane: Lane = { originOffice: 'MYKULA', destinationOffice: 'RUMOWA', mailCategory: 'A', mailSubclass: 'UA', carrierId: 'c1' };
const bag = (over: Partial<ReceptacleLoad> = {}): ReceptacleLoad => ({
  lane, allowRegisteredMix: false, itemCount: 2, grossWeightG: 1_000, registeredCount: 0, dangerousGoodsCount: 0, ...over,
});
const parcel = (over: Partial<ParcelForBag> = {}): ParcelForBag => ({ lane, dangerousGoods: false, registered: false, weightG: 400, ...over });

describe('fitsReceptacle', () => {
  it('takes a parcel of its lane within the weight limit, up to the limit exactly', () => {
    expect(fitsReceptacle(bag(), parcel(), 30_000)).toBe(true);
    expect(fitsReceptacle(bag({ grossWeightG: 29_600 }), parcel(), 30_000)).toBe(true);
    expect(fitsReceptacle(bag({ grossWeightG: 29_601 }), parcel(), 30_000)).toBe(false);
  });

  it('refuses another lane, field by field', () => {
    for (const field of ['originOffice', 'destinationOffice', 'mailCategory', 'mailSubclass', 'carrierId'] as const) {
      expect(fitsReceptacle(bag(), parcel({ lane: { ...lane, [field]: 'X' } }), 30_000)).toBe(false);
    }
  });

  it('keeps dangerous goods apart from ordinary items, whichever comes first; an empty bag takes either', () => {
    expect(fitsReceptacle(bag(), parcel({ dangerousGoods: true }), 30_000)).toBe(false);
    expect(fitsReceptacle(bag({ dangerousGoodsCount: 2 }), parcel(), 30_000)).toBe(false);
    expect(fitsReceptacle(bag({ dangerousGoodsCount: 2 }), parcel({ dangerousGoods: true }), 30_000)).toBe(true);
    expect(fitsReceptacle(bag({ itemCount: 0 }), parcel({ dangerousGoods: true }), 30_000)).toBe(true);
  });

  it('keeps registered items apart from ordinary ones unless the receptacle allows the mix', () => {
    expect(fitsReceptacle(bag(), parcel({ registered: true }), 30_000)).toBe(false);
    expect(fitsReceptacle(bag({ registeredCount: 1 }), parcel(), 30_000)).toBe(false);
    expect(fitsReceptacle(bag({ registeredCount: 2 }), parcel({ registered: true }), 30_000)).toBe(true);
    expect(fitsReceptacle(bag({ allowRegisteredMix: true, registeredCount: 1 }), parcel(), 30_000)).toBe(true);
  });
});
