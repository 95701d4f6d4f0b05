import { useCallback, useEffect, useState } from 'react';
import { execute } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import { forgetKey, MeDocument, SessionProvider, storedKey, storeKey, type Me } from './session';
import { Shell } from './Shell';
import { SignIn } from './SignIn';

interface SignedIn {
  apiKey: string;
  me: Me;
}

export function App() {
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [restoring, setRestoring] = useState(() => storedKey() !== null);

  const signIn = useCallback(async (apiKey: string) => {
    const { me } = await execute(apiKey, MeDocument);
    storeKey(apiKey);
    setSignedIn({ apiKey, me });
  }, []);
  const signOut = useCallback(() => {
    forgetKey();
    setSignedIn(null);
  }, []);

  useEffect(() => {
    const key = storedKey();
    if (key) signIn(key).catch(forgetKey).finally(() => setRestoring(false));
  }, [signIn]);

  return (
    <I18nProvider>
      {signedIn ? (
        <SessionProvider apiKey={signedIn.apiKey} me={signedIn.me} onSignOut={signOut}>
          <Shell />
        </SessionProvider>
      ) : restoring ? null : (
        <SignIn onSignIn={signIn} />
      )}
    </I18nProvider>
  );
}
