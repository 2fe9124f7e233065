/**
 * Keeps the shared screen awake for the whole meeting. Where the browser has the Screen Wake
 * Lock API, it holds a lock (taken again whenever the page is shown again, since the browser
 * lets it go when the tab is hidden); elsewhere it plays a silent, invisible video, which most
 * browsers also keep the display on for. Returns what it managed, for the corner note.
 */
import { useEffect, useState } from 'react';

export type Awake = 'lock' | 'video' | 'none';

export function useWakeLock(): Awake {
  const [awake, setAwake] = useState<Awake>('none');
  useEffect(() => {
    let sentinel: WakeLockSentinel | null = null;
    let video: HTMLVideoElement | null = null;
    let stopped = false;
    const lock = async () => {
      try {
        sentinel = await navigator.wakeLock.request('screen');
        if (!stopped) setAwake('lock');
      } catch {
        // Refused (the page is hidden, or a policy says no): it is tried again when shown.
      }
    };
    const playSilently = () => {
      const canvas = document.createElement('canvas');
      canvas.width = 2;
      canvas.height = 2;
      const context = canvas.getContext('2d');
      const tick = () => context?.fillRect(0, 0, 1, Math.random());
      tick();
      video = Object.assign(document.createElement('video'), { muted: true, loop: true, playsInline: true });
      video.setAttribute('aria-hidden', 'true');
      video.style.cssText = 'position:fixed;width:1px;height:1px;opacity:0;pointer-events:none';
      video.srcObject = canvas.captureStream(1);
      document.body.append(video);
      void video.play().then(
        () => !stopped && setAwake('video'),
        () => undefined,
      );
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && 'wakeLock' in navigator) void lock();
    };
    if ('wakeLock' in navigator) {
      void lock();
      document.addEventListener('visibilitychange', onVisible);
    } else {
      playSilently();
    }
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisible);
      void sentinel?.release();
      video?.remove();
    };
  }, []);
  return awake;
}
