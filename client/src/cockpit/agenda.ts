/** The agenda's figures: each stage's planned minutes and the time spent in it so far. */
import { estimatedStageMinutes, STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';

export interface AgendaRow {
  index: number;
  /** The seed's lengths plus the typical length of untimed steps. */
  plannedMinutes: number;
  /** Time spent in the stage since the clock first started, over every visit. */
  elapsedMs: number;
  state: 'done' | 'current' | 'skipped' | 'ahead';
}

export function agenda(view: SessionView, now: number): AgendaRow[] {
  const visits = view.visits ?? [];
  const spent = new Map<string, number>();
  const skipped = new Set<string>();
  const visited = new Set<string>();
  visits.forEach((visit, i) => {
    visited.add(visit.stageId);
    if (visit.skipped) skipped.add(visit.stageId);
    if (view.startedAt === null) return;
    const from = Math.max(visit.enteredAt, view.startedAt);
    const until = visits[i + 1]?.enteredAt ?? (view.status === 'open' ? now : (view.endedAt ?? now));
    spent.set(visit.stageId, (spent.get(visit.stageId) ?? 0) + Math.max(0, until - from));
  });
  return STAGES.map((stage, index) => ({
    index,
    plannedMinutes: estimatedStageMinutes(stage, view.settings),
    elapsedMs: spent.get(stage.id) ?? 0,
    state:
      index === view.stageIndex
        ? 'current'
        : skipped.has(stage.id)
          ? 'skipped'
          : visited.has(stage.id)
            ? 'done'
            : 'ahead',
  }));
}

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
