/** Long network drops (npm run test:soak): a phone offline for 60 s and for 3 minutes. */
import { describe, expect, it } from 'vitest';
import { dropAndRecover } from '../helpers/networkDrop.js';

describe('long network drops', () => {
  it('60 s offline: the view is complete on reconnect', async () => {
    expect((await dropAndRecover(60_000)).missedChanges).toBe(4);
  }, 120_000);

  it('3 minutes offline: the view is complete on reconnect', async () => {
    expect((await dropAndRecover(180_000)).missedChanges).toBe(4);
  }, 300_000);
});
