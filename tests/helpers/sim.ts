/**
 * Drives the pure machine directly with a fake clock: no server, no I/O. Commands are parsed by
 * the same zod schemas the server uses, so defaults and trimming behave exactly as in production.
 */
import { ClientCommand, MemberJoin } from '../../shared/commands.js';
import type { CommandError } from '../../shared/errors.js';
import { applyCommand } from '../../shared/machine/index.js';
import type { Role } from '../../shared/roles.js';
import { createSessionState, currentStage, type SessionState } from '../../shared/state.js';
import type { Command } from './client.js';

let counter = 0;
export const cid = (prefix = 'cmd') => `${prefix}-${String(++counter).padStart(6, '0')}`;

export class Sim {
  state: SessionState;
  now = 1_700_000_000_000;

  constructor(opts: { durations?: Record<string, number>; newToMethod?: boolean } = {}) {
    this.state = createSessionState(
      {
        id: 'session-1',
        title: 'Case A.B.',
        joinCode: 'KMX4TQ',
        facilitator: { id: 'fac-0001', name: 'Fran' },
        newToMethod: opts.newToMethod ?? false,
        durations: opts.durations ?? {},
        retentionDays: 14,
      },
      this.now,
    );
  }

  tick(ms: number): this {
    this.now += ms;
    return this;
  }

  join(memberId: string, role: Exclude<Role, 'facilitator'>, name = memberId): this {
    const cmd = MemberJoin.parse({ type: 'member.join', id: cid('join'), memberId, role, name });
    const r = applyCommand(this.state, cmd, { kind: 'system' }, this.now);
    if (!r.ok) throw new Error(`join refused: ${r.error.message}`);
    this.state = r.state;
    return this;
  }

  /** A full room: advisor, caseworker, screen and three participants. */
  static room(): Sim {
    return new Sim()
      .join('adv-0001', 'advisor', 'Ada')
      .join('cw-00001', 'caseworker', 'Cas')
      .join('scr-0001', 'screen', 'Screen')
      .join('p1-00001', 'participant', 'P1')
      .join('p2-00001', 'participant', 'P2')
      .join('p3-00001', 'participant', 'P3');
  }

  roleOf(memberId: string): Role {
    const m = this.state.members[memberId];
    if (!m) throw new Error(`no member ${memberId}`);
    return m.role;
  }

  try(
    memberId: string,
    command: Command,
    role: Role = this.roleOf(memberId),
  ): { ok: true; state: SessionState; changed: boolean } | { ok: false; error: CommandError } {
    const parsed = ClientCommand.parse({ id: cid(), ...command });
    const r = applyCommand(this.state, parsed, { kind: 'member', memberId, role }, this.now);
    if (r.ok) this.state = r.state;
    return r;
  }

  do(memberId: string, command: Command): this {
    const r = this.try(memberId, command);
    if (!r.ok) throw new Error(`${command.type} by ${memberId} refused: ${r.error.code} ${r.error.message}`);
    return this;
  }

  refuse(memberId: string, command: Command, role?: Role): CommandError {
    const before = this.state;
    const r = this.try(memberId, command, role ?? this.roleOf(memberId));
    if (r.ok) throw new Error(`${command.type} by ${memberId} was accepted`);
    if (this.state !== before) throw new Error('a refused command changed the state');
    return r.error;
  }

  /** Facilitator advances until the named stage is current. */
  goTo(stageId: string): this {
    for (let i = 0; i < 12 && this.stageId() !== stageId; i++) this.do('fac-0001', { type: 'stage.advance' });
    if (this.stageId() !== stageId) throw new Error(`could not reach ${stageId}`);
    return this;
  }

  stageId(): string {
    return currentStage(this.state).id;
  }
}
