import { useI18n } from '../../i18n/i18n';
import { graphql } from '../../graphql/generated';
import { useSession } from '../../shell/session';
import { useLoad } from '../shared/useLoad';
import type { LaneView } from './lanes';

const Carriers = graphql(`
  query LaneCarriers { carriers { code name officeOfExchange hubs { code } } }
`);

/** Mail categories (UPU code list 115) and the subclasses Silkgate's services travel in (seed/mail-classes.json). */
const CATEGORIES = ['A', 'B', 'C', 'D'];
const SUBCLASSES = ['UA', 'CC', 'EN'];

/** Picks a lane: the carrier (and so its office of exchange), mail category and subclass. */
export function LaneFields({ idPrefix, lane, hubCode, onChange }: { idPrefix: string; lane: LaneView; hubCode: string | undefined; onChange(lane: LaneView): void }) {
  const { t } = useI18n();
  const { run } = useSession();
  // Only the carriers that take mail over at this hub make a lane here.
  const carriers = useLoad(() => run(Carriers).then((d) => d.carriers.filter((c) => c.hubs.some((h) => h.code === hubCode))), [run, hubCode]);
  return (
    <div className="form-grid three">
      <div className="field">
        <label htmlFor={`${idPrefix}-carrier`}>{t('hub.lane.carrier')}</label>
        <select
          id={`${idPrefix}-carrier`} value={lane.carrier.code}
          onChange={(e) => {
            const c = carriers.data?.find((x) => x.code === e.target.value);
            if (c) onChange({ ...lane, carrier: { code: c.code }, destinationOffice: c.officeOfExchange });
          }}
        >
          {!lane.carrier.code && <option value="">—</option>}
          {(carriers.data ?? []).map((c) => <option key={c.code} value={c.code}>{c.name} ({c.officeOfExchange})</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-category`}>{t('hub.lane.category')}</label>
        <select id={`${idPrefix}-category`} value={lane.mailCategory} onChange={(e) => onChange({ ...lane, mailCategory: e.target.value })}>
          {CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-subclass`}>{t('hub.lane.subclass')}</label>
        <select id={`${idPrefix}-subclass`} value={lane.mailSubclass} onChange={(e) => onChange({ ...lane, mailSubclass: e.target.value })}>
          {SUBCLASSES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </div>
    </div>
  );
}

export const EMPTY_LANE: LaneView = { destinationOffice: '', mailCategory: 'A', mailSubclass: 'UA', carrier: { code: '' } };
