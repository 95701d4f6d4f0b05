import { useEffect, useRef } from 'react';
import { enumLabel } from '../i18n/enum-labels';
import { useI18n } from '../i18n/i18n';
import { workspacesFor } from '../workspaces/registry';
import { LanguageSwitcher } from './LanguageSwitcher';
import { hrefFor, useRoute } from './route';
import { useSession } from './session';
import { useSectionShortcuts } from './shortcuts';

/** The frame around every workspace: who is signed in, the workspaces of the role, the sections of one. */
export function Shell() {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  const route = useRoute();
  const workspaces = workspacesFor(me.role);
  const workspace = workspaces.find((w) => w.id === route.workspace) ?? workspaces[0];
  const section = workspace?.sections.find((s) => s.id === route.section) ?? workspace?.sections[0];
  const heading = useRef<HTMLHeadingElement>(null);
  useSectionShortcuts(workspace);

  useEffect(() => {
    document.title = `${section ? t(section.title) : t('shell.noWorkspace')} · ${t('app.name')}`;
    // A new screen: move focus to its heading so keyboard and screen-reader users start there.
    if (route.section || route.workspace) heading.current?.focus();
  }, [workspace, section, t, route.section, route.workspace]);

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); heading.current?.focus(); }}>{t('shell.skip')}</a>
      <header className="topbar">
        <p className="brand">{t('app.name')}</p>
        {workspaces.length > 1 && (
          <nav aria-label={t('shell.workspaces')}>
            <ul className="menu">
              {workspaces.map((w) => (
                <li key={w.id}><a href={hrefFor(w.id)} aria-current={w === workspace ? 'page' : undefined}>{t(w.title)}</a></li>
              ))}
            </ul>
          </nav>
        )}
        <div className="who">
          <span>{me.organization?.name ?? me.apiKey.label} · {enumLabel(t, 'role', me.role)}</span>
          <LanguageSwitcher />
          <button type="button" className="secondary" onClick={signOut}>{t('shell.signOut')}</button>
        </div>
      </header>
      {workspace && section ? (
        <>
          <nav className="sections" aria-label={t(workspace.title)}>
            <ul className="menu">
              {workspace.sections.map((s, i) => (
                <li key={s.id}>
                  <a href={hrefFor(workspace.id, s.id)} aria-current={s === section ? 'page' : undefined} aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}>{t(s.title)}</a>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main">
            <h1 ref={heading} tabIndex={-1}>{t(section.title)}</h1>
            <section.Component key={section.id} />
          </main>
        </>
      ) : (
        <main id="main">
          <h1 ref={heading} tabIndex={-1}>{t('shell.noWorkspace')}</h1>
          <p>{t('shell.noWorkspaceExplain')}</p>
        </main>
      )}
    </>
  );
}
