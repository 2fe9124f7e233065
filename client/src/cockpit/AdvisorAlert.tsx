/**
 * The facilitator's alert for the advisor's notes: the newest unseen one stands out at the top
 * of the rail until the facilitator says they have seen it (which the advisor then sees), with a
 * short chime when one arrives if the facilitator has turned it on.
 */
import { useEffect, useRef } from 'react';
import type { SessionView } from '../../../shared/projection.js';
import { unseenNotesFor } from '../../../shared/state.js';
import type { Command } from '../session/useSession.js';

export const CHIME_KEY = 'groupmap:advisor-chime';

function chime(): void {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
    tone.onended = () => void audio.close();
  } catch {
    // No sound on this device: the alert is still on screen.
  }
}

export function AdvisorAlert({ view, run }: { view: SessionView; run: (command: Command) => Promise<boolean> }) {
  // Only notes sent to the facilitator: theirs to the advisor wait for the advisor.
  const unseen = unseenNotesFor(view.advisorNotes, 'facilitator');
  const newest = unseen.at(-1);
  const heard = useRef(new Set((view.advisorNotes ?? []).map((n) => n.id)));
  useEffect(() => {
    const fresh = (view.advisorNotes ?? []).filter((n) => !heard.current.has(n.id));
    for (const n of fresh) heard.current.add(n.id);
    if (fresh.length > 0 && window.localStorage.getItem(CHIME_KEY) === 'on') chime();
  }, [view.advisorNotes]);
  if (!newest) return null;
  return (
    <section className="advisor-alert" role="status" aria-label="Note from the advisor">
      <p>
        <strong>Advisor:</strong> {newest.text}
        {unseen.length > 1 && <span className="muted"> (+{unseen.length - 1} more)</span>}
      </p>
      <button
        type="button"
        className="primary"
        onClick={() => {
          for (const n of unseen) void run({ type: 'advisorNote.seen', noteId: n.id });
        }}
      >
        Seen
      </button>
    </section>
  );
}
