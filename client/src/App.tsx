/** Routes on the path: the start page, joining (code or invitation), and a session. */

import { lazy, Suspense, useEffect } from 'react';
import { JoinPage } from './pages/JoinPage.js';
import { SessionPage } from './pages/SessionPage.js';

const StartPage = lazy(() => import('./pages/StartPage.js').then((m) => ({ default: m.StartPage })));

export function App() {
  const path = window.location.pathname;
  // Another invitation pasted into this tab changes only the #fragment: start again with it.
  useEffect(() => {
    if (path !== '/invite') return;
    const reload = () => window.location.reload();
    window.addEventListener('hashchange', reload);
    return () => window.removeEventListener('hashchange', reload);
  }, [path]);
  const session = path.match(/^\/s\/([A-Za-z0-9_-]+)$/);
  if (session) return <SessionPage sessionId={session[1]!} />;
  const code = path.match(/^\/join(?:\/([A-Za-z0-9 -]+))?$/);
  if (code) return <JoinPage code={code[1] ?? ''} />;
  if (path === '/invite') return <JoinPage invite={window.location.hash.slice(1)} />;
  return (
    <Suspense fallback={null}>
      <StartPage />
    </Suspense>
  );
}
