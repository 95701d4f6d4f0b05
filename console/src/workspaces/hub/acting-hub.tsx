import { useState } from 'react';
import { graphql } from '../../graphql/generated';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../shell/session';
import { useLoad } from '../shared/useLoad';

const Hubs = graphql(`
  query ActingHubs { hubs { code name officeOfExchange } }
`);

const CHOICE_STORAGE = 'silkgate.console.actingHub';

export interface ActingHub {
  /** The hub everything opened, received or scanned here belongs to; null until an admin picks one. */
  hub: { code: string; officeOfExchange: string } | null;
  /** The hubs an admin picks from; empty for hub staff, who act at their own. */
  choices: { code: string; name: string; officeOfExchange: string }[];
  choose(code: string): void;
}

/**
 * The hub the hub screens act at: an operator's own; for an admin the one picked (remembered in
 * this tab), since an admin's scans, bags and dispatches name their hub once the network has several.
 */
export function useActingHub(): ActingHub {
  const { me, run } = useSession();
  const own = me.organization?.hub ?? null;
  const hubs = useLoad(() => (own ? Promise.resolve([]) : run(Hubs).then((d) => d.hubs)), [run, own]);
  const [picked, setPicked] = useState(() => sessionStorage.getItem(CHOICE_STORAGE));
  if (own) return { hub: own, choices: [], choose: () => undefined };
  const choices = hubs.data ?? [];
  const hub = choices.find((h) => h.code === picked) ?? (choices.length === 1 ? choices[0] : null);
  return {
    hub,
    choices,
    choose: (code) => {
      sessionStorage.setItem(CHOICE_STORAGE, code);
      setPicked(code);
    },
  };
}

/** For an admin: which hub the screen acts at. Hub staff see nothing here. */
export function HubChoice({ acting }: { acting: ActingHub }) {
  const { t } = useI18n();
  if (acting.choices.length < 2) return null;
  return (
    <div className="card field">
      <label htmlFor="acting-hub">{t('hub.actingHub')}</label>
      <select id="acting-hub" value={acting.hub?.code ?? ''} onChange={(e) => acting.choose(e.target.value)}>
        {!acting.hub && <option value="">{t('hub.actingHubPick')}</option>}
        {acting.choices.map((h) => <option key={h.code} value={h.code}>{h.name} ({h.code})</option>)}
      </select>
    </div>
  );
}
