/**
 * Who may send what: the role x command table the server checks before a command reaches the
 * machine. The machine then applies the rules that depend on state (an author editing their own
 * item, writing only while writing is open, ...).
 *
 *   allow: always, for this role
 *   lead:  only while this role leads the current stage (the advisor leads the last one)
 *   (absent): refused
 */
import type { CommandType } from './commands.js';
import { STAGES } from './process/stages.js';
import type { Role } from './roles.js';
import { ROLES } from './roles.js';

export type Grant = 'allow' | 'lead';

const DRIVE: Partial<Record<Role, Grant>> = { facilitator: 'allow', advisor: 'lead' };
const FACILITATOR: Partial<Record<Role, Grant>> = { facilitator: 'allow' };

export const PERMISSIONS: Record<CommandType, Partial<Record<Role, Grant>>> = {
  'timer.start': DRIVE,
  'timer.pause': DRIVE,
  'timer.resume': DRIVE,
  'timer.extend': DRIVE,
  'stage.advance': DRIVE,
  'stage.skip': DRIVE,
  'stage.back': DRIVE,
  'stage.goTo': FACILITATOR,
  'step.advance': DRIVE,
  'step.skip': DRIVE,
  'step.back': DRIVE,
  'goal.set': FACILITATOR,
  'exactWords.add': FACILITATOR,
  'exactWords.remove': FACILITATOR,
  // Observers and the advisor note the worker's exact words too (A6-DESC-3) and hand them in.
  'exactWords.handIn': { advisor: 'allow', participant: 'allow' },
  // Which stages each role may write in is in the process definition (ItemSpec.writers).
  'item.submit': { facilitator: 'allow', advisor: 'allow', participant: 'allow', caseworker: 'allow' },
  'item.edit': { facilitator: 'allow', advisor: 'allow', participant: 'allow', caseworker: 'allow' },
  'item.withdraw': { facilitator: 'allow', advisor: 'allow', participant: 'allow', caseworker: 'allow' },
  'item.markStrongest': { facilitator: 'allow', advisor: 'allow', participant: 'allow', caseworker: 'allow' },
  'item.readOut': DRIVE,
  // The caseworker chooses; the facilitator may record the worker's choice for them.
  'item.choose': { facilitator: 'allow', caseworker: 'allow' },
  'stage.handOver': FACILITATOR,
  'rating.record': { facilitator: 'allow', caseworker: 'allow' },
  'safetyScale.set': FACILITATOR,
  'review.set': FACILITATOR,
  'map.place': FACILITATOR,
  'map.remove': FACILITATOR,
  // The private channel runs both ways (A6-ADV-1).
  'advisorNote.send': { advisor: 'allow', facilitator: 'allow' },
  'advisorNote.seen': { advisor: 'allow', facilitator: 'allow' },
  // The record is kept by the facilitator and agreed by both parties; the caseworker knows the case reference.
  'record.setDetails': { facilitator: 'allow', caseworker: 'allow' },
  'action.set': FACILITATOR,
  'action.remove': FACILITATOR,
  'decision.set': FACILITATOR,
  'decision.remove': FACILITATOR,
  'record.agree': { facilitator: 'allow', caseworker: 'allow' },
  'record.addition': { facilitator: 'allow', caseworker: 'allow' },
  'retention.extend': FACILITATOR,
  'projector.setBoard': FACILITATOR,
  'session.setAttribution': FACILITATOR,
  'session.setAdvisorEditing': FACILITATOR,
  'session.setWordsAndPictures': FACILITATOR,
  'session.lock': FACILITATOR,
  'member.remove': FACILITATOR,
  'session.end': FACILITATOR,
  'session.purge': FACILITATOR,
};

export type PermissionCheck = { ok: true } | { ok: false; reason: string };

export function checkPermission(role: Role, type: CommandType, stageIndex: number): PermissionCheck {
  const grant = PERMISSIONS[type][role];
  if (grant === 'allow') return { ok: true };
  if (grant === 'lead') {
    const stage = STAGES[stageIndex];
    if (stage && stage.lead === role) return { ok: true };
    return { ok: false, reason: `the ${role} may only do this while leading the stage` };
  }
  return { ok: false, reason: `a ${role} may not send ${type}` };
}

/** Roles that may send at least something: the screen is display-only. */
export function rolesThatMaySend(): Role[] {
  return ROLES.filter((r) => Object.values(PERMISSIONS).some((grants) => grants[r] !== undefined));
}

/** Roles with a board: everyone but the participants, whose phones never load it. */
const BOARD_ROLES: ReadonlySet<Role> = new Set(['facilitator', 'advisor', 'caseworker', 'screen']);

export function canOpenBoard(role: Role): boolean {
  return BOARD_ROLES.has(role);
}

/** Board edit rights follow roles: the facilitator edits, the advisor when allowed, everyone else watches. */
export function canEditBoard(role: Role, session: { advisorCanEdit: boolean }): boolean {
  return role === 'facilitator' || (role === 'advisor' && session.advisorCanEdit);
}

/** Who may download the pack: the caseworker it is for, and the facilitator who keeps the record. */
export function canDownloadPack(role: Role): boolean {
  return role === 'facilitator' || role === 'caseworker';
}

/** The pack exists once something has been handed over, or the session has ended. */
export function packAvailable(session: { status: string; handedOver: Record<string, unknown> }): boolean {
  return session.status === 'ended' || Object.keys(session.handedOver).length > 0;
}

/** Whether this role drives the meeting now: the facilitator always, the advisor while leading its stage. */
export function drivesStage(role: Role, session: { status: string; stageIndex: number }): boolean {
  return session.status === 'open' && checkPermission(role, 'stage.advance', session.stageIndex).ok;
}
