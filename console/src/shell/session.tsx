import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { execute } from '../api/client';
import { graphql } from '../graphql/generated';
import type { MeQuery, TypedDocumentString } from '../graphql/generated/graphql';

export const MeDocument = graphql(`
  query Me {
    me {
      role
      apiKey { label prefix }
      organization { id name countryCode hub { code name officeOfExchange } }
    }
  }
`);

export type Me = MeQuery['me'];
const KEY_STORAGE = 'silkgate.console.apiKey';

/** The key lives in sessionStorage: this tab only, gone when it closes. */
export const storedKey = (): string | null => sessionStorage.getItem(KEY_STORAGE);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY_STORAGE, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY_STORAGE);

export interface Session {
  apiKey: string;
  me: Me;
  /** Runs a typed operation as the signed-in key. */
  run<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables?: TVariables): Promise<TResult>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ apiKey, me, onSignOut, children }: { apiKey: string; me: Me; onSignOut(): void; children: ReactNode }) {
  const run = useCallback(
    <TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables?: TVariables) =>
      (execute as (key: string, doc: TypedDocumentString<TResult, TVariables>, vars?: TVariables) => Promise<TResult>)(apiKey, document, variables),
    [apiKey],
  );
  const value = useMemo<Session>(() => ({ apiKey, me, run, signOut: onSignOut }), [apiKey, me, run, onSignOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
