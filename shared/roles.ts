/** The people (and the one display) that can be in a session. Enforced on the server. */
export const ROLES = ['facilitator', 'advisor', 'caseworker', 'participant', 'screen'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting on the machine: a member of the session, or the server itself (joins). */
export type Actor = { kind: 'member'; memberId: string; role: Role } | { kind: 'system' };

export const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  advisor: 'Advisor',
  caseworker: 'Caseworker',
  participant: 'Participant',
  screen: 'Shared screen',
};
