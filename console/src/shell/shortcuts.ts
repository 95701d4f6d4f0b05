import { useLayoutEffect } from 'react';
import type { Workspace } from '../workspaces/registry';
import { hrefFor } from './route';

/**
 * Alt+1 … Alt+9 open the sections of the current workspace, wherever focus is. Listening from the
 * layout effect means a key pressed as soon as the shell shows is not lost before a passive effect runs.
 */
export function useSectionShortcuts(workspace: Workspace | undefined): void {
  useLayoutEffect(() => {
    if (!workspace) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || !/^Digit[1-9]$/.test(event.code)) return;
      const section = workspace.sections[Number(event.code.slice(5)) - 1];
      if (!section) return;
      event.preventDefault();
      location.hash = hrefFor(workspace.id, section.id);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [workspace]);
}
