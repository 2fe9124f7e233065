/** How the screens write a moment, in the reader's own locale: one place, so they all agree. */

/** "10:02" */
export const clockTime = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** "24 Nov 2026, 10:02" */
export const dateTime = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Tue, 8 December 2026": a day people plan around, such as when the record is deleted. */
export const longDate = (ms: number) =>
  new Date(ms).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
