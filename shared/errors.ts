/** Typed errors: every refusal carries a stable code clients can act on and a sentence people can read. */
export const ERROR_CODES = [
  'INVALID', // the message does not match the schema
  'FORBIDDEN', // the role may not send this, or the actor may not touch this thing
  'NOT_FOUND', // no such item, note or stage
  'WRONG_STAGE', // not possible in the current stage or step
  'CLOSED', // writing is closed, or the session has ended
  'LIMIT', // a cap was reached
  'CONFLICT', // an id is already used for something else
  'UNAUTHENTICATED', // no valid token
  'RATE_LIMITED',
  'LOCKED', // the facilitator has closed the session to new people
  'GONE', // the session was purged, or the link replaced by a newer one
  'QUOTA', // the session has used all the storage it is allowed
  'UNAVAILABLE', // the server cannot save anything now (its disk is full): try again later
  'MOVED', // another node serves this session now: try again (the proxy sends the retry to it)
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CommandError {
  code: ErrorCode;
  message: string;
}

export class MachineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new MachineError(code, message);
}
