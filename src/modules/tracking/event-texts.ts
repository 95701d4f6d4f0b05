import { readSeed } from '../reference/reference.seeder.js';

interface EventCodeSeed {
  events: { code: string; phase: string; en: string; own?: boolean }[];
  statuses: { status: string; en: string }[];
}

/** Plain-language texts for UPU event codes and statuses, from seed/event-codes.json. */
export class EventTexts {
  private constructor(
    private readonly events: Map<string, { phase: string; en: string; own?: boolean }>,
    private readonly statuses: Map<string, string>,
  ) {}

  static async load(): Promise<EventTexts> {
    const seed = await readSeed<EventCodeSeed>('event-codes.json');
    return new EventTexts(new Map(seed.events.map((e) => [e.code, e])), new Map(seed.statuses.map((s) => [s.status, s.en])));
  }

  describeEvent(code: string): string {
    return this.events.get(code)?.en ?? `Postal event ${code}`;
  }

  describeStatus(status: string): string {
    return this.statuses.get(status) ?? status;
  }

  /** Silkgate's own codes (SGA, SGH), marked `own` in the seed: not UPU item events. */
  isOwnCode(code: string): boolean {
    return this.events.get(code)?.own === true;
  }

  isKnownEvent(code: string): boolean {
    return this.events.has(code);
  }
}
