import { useState } from 'react';
import type { Command, LiveSession } from './useSession.js';

/** Sends commands and keeps the last refusal as a sentence to show next to the control. */
export function useCommand(session: LiveSession) {
  const [error, setError] = useState<string | null>(null);
  async function run(command: Command): Promise<boolean> {
    const ack = await session.send(command);
    setError(ack.ok ? null : ack.error.message);
    return ack.ok;
  }
  return { run, error };
}
