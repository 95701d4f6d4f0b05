import { useEffect, useState } from 'react';

/** The console's place: #/<workspace>/<section>. Hash routes need no server-side routing. */
export interface Route {
  workspace?: string;
  section?: string;
}

function parseHash(hash: string): Route {
  const [workspace, section] = hash.replace(/^#\/?/, '').split('/');
  return { workspace: workspace || undefined, section: section || undefined };
}

export const hrefFor = (workspace: string, section?: string): string => `#/${workspace}${section ? `/${section}` : ''}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
