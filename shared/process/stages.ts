/**
 * The Signs of Safety group supervision process (Andrew Turnell, Appendix 6 of the seed policy),
 * as data. `../shared/PROCESS.md` restates it; where the two differ the seed wins, and the
 * differences are noted beside the stage they touch.
 */
import type { Role } from '../roles.js';

export const STEP_IDS = ['write', 'read', 'choose', 'map', 'hand-over', 'check-in'] as const;
export type StepId = (typeof STEP_IDS)[number];

export const STEP_LABELS: Record<StepId, string> = {
  write: 'Write',
  read: 'Read out',
  choose: 'Choose',
  map: 'Map',
  'hand-over': 'Hand over',
  'check-in': 'Check-in',
};

/** What the shared screen says during each step after writing (the write step shows the stage's prompt). */
export const STEP_PROMPTS: Record<Exclude<StepId, 'write'>, string> = {
  read: 'Read out your strongest one or two.',
  choose: 'Which of these matter most? Which will you use with the family and other professionals?',
  map: 'Mapping the chosen areas with the worker.',
  'hand-over': "Everyone's items go to the caseworker.",
  'check-in': 'What has been most useful so far? Where are you, from 0 to 10?',
};

/** The line to show large for the current stage and step. */
export function promptFor(spec: StageSpec, step: StepId | null): string {
  return step && step !== 'write' ? STEP_PROMPTS[step] : spec.prompt;
}

export const STAGE_IDS = [
  'introductions',
  'genogram',
  'description',
  'goal',
  'rough',
  'working-well',
  'scaling',
  'harm',
  'danger',
  'safety-goals',
  'review',
  'process-review',
] as const;
export type StageId = (typeof STAGE_IDS)[number];

export const HARM_ELEMENTS = ['behaviour', 'severity', 'incidence', 'impact'] as const;
export type HarmElement = (typeof HARM_ELEMENTS)[number];

/** What one stage asks people to write, if anything. */
export interface ItemSpec {
  /** The one kind of item this stage collects (used in the pack and on phones). */
  kind: string;
  label: string;
  /** When set, every item carries one of these elements (harm's B/S/I/I, for instance). */
  elements?: readonly { id: string; label: string }[];
  /** Roles that write in this stage. The caseworker never writes questions for their own case. */
  writers: readonly Role[];
}

export interface StepSpec {
  id: StepId;
  minutes: number;
  /** What the facilitator says or does in this step. */
  cues: readonly string[];
}

export interface StageSpec {
  id: StageId;
  number: number;
  title: string;
  /** The line shown large on the shared screen. */
  prompt: string;
  /** The facilitator's cue lines, from the seed. */
  cues: readonly string[];
  /** Planned minutes for a stage without a round. Round stages sum their steps. */
  minutes: number;
  /** Steps of the question round, in order. Empty for stages without one. */
  round: readonly StepSpec[];
  items?: ItemSpec;
  /** The role that leads the stage: the advisor leads the review of the group process. */
  lead: 'facilitator' | 'advisor';
  /** Case content is not discussed in this stage (the seed keeps it out of the first two). */
  noCaseContent?: boolean;
}

const CHECK_IN_CUES = [
  '"What has been most useful about the process so far?"',
  '"On a scale of 0 to 10, where 10 is I\'ve got what I need from the consult already and 0 is I\'m no better off or any clearer than when we started, where are you?"',
] as const;

const QUESTION_WRITERS: readonly Role[] = ['facilitator', 'advisor', 'participant'];

function questionRound(opts: {
  write: number;
  map: number;
  chooseCue: string;
  mapCue: string;
  handOverCue: string;
  extraChooseCues?: readonly string[];
  extraMapCues?: readonly string[];
}): StepSpec[] {
  return [
    { id: 'write', minutes: opts.write, cues: ['Everyone writes alone, fully worded, as it would be asked.'] },
    {
      id: 'read',
      minutes: 5,
      cues: ['Everyone reads one or two of their strongest. The facilitator reads all of theirs.'],
    },
    {
      id: 'choose',
      minutes: 3,
      cues: [
        ...(opts.extraChooseCues ?? []),
        opts.chooseCue,
        'Chosen items go into the next steps of "What needs to happen?".',
      ],
    },
    { id: 'map', minutes: opts.map, cues: [opts.mapCue, ...(opts.extraMapCues ?? [])] },
    { id: 'hand-over', minutes: 1, cues: [opts.handOverCue] },
    { id: 'check-in', minutes: 2, cues: CHECK_IN_CUES },
  ];
}

export const STAGES: readonly StageSpec[] = [
  {
    id: 'introductions',
    number: 1,
    title: 'Introductions',
    prompt: 'Who are you, what is your role in the case, and how long have you been involved?',
    cues: [
      'If the group is new to the method: introduce the process and each role.',
      'The facilitator is the only person who talks directly to the caseworker; the advisor helps the facilitator.',
      'Observers learn by staying out of the content and focusing on analysis and judgement.',
      'The caseworker and anyone involved say who they are, their role in the case and how long they have been involved.',
      'Keep case content out for now.',
    ],
    minutes: 3,
    round: [],
    lead: 'facilitator',
    noCaseContent: true,
  },
  {
    id: 'genogram',
    number: 2,
    title: 'Genogram',
    prompt: 'Who is in the family, and where do the children live?',
    cues: [
      'Draw the family: names and ages of parents, partners, children, extended family and relevant friends.',
      'Clarify where the children are living if not with one or both parents.',
      'Not the time for case information.',
    ],
    minutes: 3,
    round: [],
    lead: 'facilitator',
    noCaseContent: true,
  },
  {
    id: 'description',
    number: 3,
    title: 'Three-minute free description',
    prompt: 'What makes this an open child protection case now?',
    cues: [
      'Ask: "What makes this an open child protection case now?"',
      'Let the worker talk without interrupting.',
      "Note the worker's exact words at the side of the board. Do not map into columns yet.",
    ],
    minutes: 3,
    round: [],
    lead: 'facilitator',
  },
  {
    id: 'goal',
    number: 4,
    title: "Worker's goal",
    prompt: 'What do you want out of this consultation about your case?',
    cues: [
      'Ask: "What do you want out of this consultation about your case?"',
      'Dig for a specific goal. "What to do next" is too general: what do they need help with to figure out what to focus on next?',
      '"Return the child home" is a goal for the case: ask what they need from this consultation to move towards it.',
      'The most important of the preparatory steps.',
    ],
    minutes: 3,
    round: [],
    lead: 'facilitator',
  },
  {
    id: 'rough',
    number: 5,
    title: 'Rough danger statement and safety goal',
    prompt: 'Draft a rough working danger statement and a rough working safety goal.',
    cues: [
      'Everyone drafts a rough working danger statement and safety goal from what they have heard.',
      'This moves everyone from gathering information into analysis.',
      'Some (or all, in a small group) read theirs; the facilitator reads their own last.',
    ],
    minutes: 0,
    round: [
      { id: 'write', minutes: 4, cues: ['Everyone drafts alone.'] },
      { id: 'read', minutes: 4, cues: ['Some (or all) read theirs; the facilitator reads their own last.'] },
    ],
    items: {
      kind: 'rough-statement',
      label: 'Rough danger statement or safety goal',
      elements: [
        { id: 'danger', label: 'Rough danger statement' },
        { id: 'safety-goal', label: 'Rough safety goal' },
      ],
      writers: QUESTION_WRITERS,
    },
    lead: 'facilitator',
  },
  {
    id: 'working-well',
    number: 6,
    title: "What's working well: questions",
    prompt: 'Write your best questions about existing strengths and existing safety.',
    cues: [
      'Write questions fully, as they would be asked of parents, children, extended family and professionals.',
      'At least half should be relationship questions.',
    ],
    minutes: 0,
    round: questionRound({
      write: 5,
      map: 12,
      chooseCue:
        'Ask: "Which of these questions seem the most important? Which do you want to use with the family and other professionals?"',
      mapCue:
        'Ask: "Are there particular questions or areas you would like to map now?" Spend 10-15 minutes mapping them.',
      handOverCue: 'All group members give their questions to the caseworker.',
    }),
    items: { kind: 'working-well-question', label: "What's working well question", writers: QUESTION_WRITERS },
    lead: 'facilitator',
  },
  {
    id: 'scaling',
    number: 7,
    title: 'Safety and other scales',
    prompt: 'Write your sharpest safety scaling question, then a second scaling question.',
    cues: ['The best, sharpest safety scaling question first; then a second scaling question you think is important.'],
    minutes: 0,
    round: questionRound({
      write: 5,
      map: 4,
      chooseCue:
        'Ask: "Which of these scaling questions seem most important? Which do you want to use with the family and other professionals?"',
      mapCue: 'Map the detail of any chosen scaling question for a few minutes.',
      extraMapCues: [
        "Shape the worker's ideal safety scale from the offerings and get ratings on it from the key players.",
      ],
      handOverCue: 'All group members give their scaling questions to the caseworker.',
    }),
    items: { kind: 'scaling-question', label: 'Scaling question', writers: QUESTION_WRITERS },
    lead: 'facilitator',
  },
  {
    id: 'harm',
    number: 8,
    title: 'Harm',
    prompt: 'Write the sharpest question for behaviour, severity, incidence and impact (or one element each).',
    cues: [
      'Harm describes the harmful behaviour and addresses how bad it is (severity), how often (incidence or chronicity) and its effect on the child (impact).',
    ],
    minutes: 0,
    round: questionRound({
      write: 4,
      map: 4,
      extraChooseCues: [
        'Ask the worker to rate 0-10: 10 is past harm is mapped and does not need doing, 0 is really unclear and needs attention.',
        'High: mapping harm is for the participants. Low: be guided in mapping by the worker and team leader.',
      ],
      chooseCue:
        'Ask: "Which of these harm questions seem most important? Which do you want to use with the family and other professionals?"',
      mapCue: 'Ask: "Are there particular areas of harm you would like to map now?" Spend a few minutes on them.',
      handOverCue: 'All group members give their harm questions to the caseworker.',
    }),
    items: {
      kind: 'harm-question',
      label: 'Harm question',
      elements: [
        { id: 'behaviour', label: 'Behaviour' },
        { id: 'severity', label: 'Severity' },
        { id: 'incidence', label: 'Incidence / chronicity' },
        { id: 'impact', label: 'Impact' },
      ],
      writers: QUESTION_WRITERS,
    },
    lead: 'facilitator',
  },
  {
    // Seed: danger statements are read and handed over; the group does not choose or map them.
    id: 'danger',
    number: 9,
    title: 'Danger statements',
    prompt: 'Write the sharpest danger statement in language the parents and children can understand.',
    cues: [
      'Language the parents (and children) can understand. Words and pictures form takes about 10 minutes.',
      'The worker takes them away to build their own; the group does not try to agree one.',
    ],
    minutes: 0,
    round: [
      { id: 'write', minutes: 5, cues: ['Everyone writes alone.'] },
      { id: 'read', minutes: 5, cues: ['Everyone, the facilitator included, reads their danger statements.'] },
      { id: 'hand-over', minutes: 1, cues: ['All group members give their danger statements to the caseworker.'] },
      { id: 'check-in', minutes: 2, cues: CHECK_IN_CUES },
    ],
    items: { kind: 'danger-statement', label: 'Danger statement', writers: QUESTION_WRITERS },
    lead: 'facilitator',
  },
  {
    // Seed: safety goals are read and all given to the worker; the review that follows asks the check-in.
    id: 'safety-goals',
    number: 10,
    title: 'Safety goals',
    prompt:
      '[Agency/people] want [child] to [be with/live with ...] because they can see [short positive statement]. For this to happen [agency] need to see ...',
    cues: ['Write in the fixed shape, in language the parents (and children) can understand.'],
    minutes: 0,
    round: [
      { id: 'write', minutes: 5, cues: ['Everyone writes alone, in the fixed shape.'] },
      { id: 'read', minutes: 5, cues: ['Everyone, the facilitator included, reads their safety goals.'] },
      { id: 'hand-over', minutes: 1, cues: ['All group members give their safety goals to the caseworker.'] },
    ],
    items: { kind: 'safety-goal', label: 'Safety goal', writers: QUESTION_WRITERS },
    lead: 'facilitator',
  },
  {
    // The check-in comes first. If the worker rates high and has enough, skip the further round.
    id: 'review',
    number: 11,
    title: 'Review and next steps',
    prompt: 'What has been most useful about the process so far?',
    cues: [
      ...CHECK_IN_CUES,
      'If high: "Is this enough for now?" Yes ends the mapping (skip the further round).',
      'If no: "What else do you need to focus on?" Run a further question round on that issue.',
      'If low: back up and help the worker find the sticking point; agree how to deal with it.',
    ],
    minutes: 0,
    round: [
      { id: 'check-in', minutes: 3, cues: CHECK_IN_CUES },
      { id: 'write', minutes: 4, cues: ['Further round: questions on the issue the worker still needs.'] },
      { id: 'read', minutes: 4, cues: ['Everyone reads their strongest one or two.'] },
      { id: 'choose', minutes: 2, cues: ['Which matter most? Chosen items go into the next steps.'] },
      { id: 'hand-over', minutes: 1, cues: ['All group members give their questions to the caseworker.'] },
    ],
    items: { kind: 'further-question', label: 'Further question', writers: QUESTION_WRITERS },
    lead: 'facilitator',
  },
  {
    id: 'process-review',
    number: 12,
    title: 'Review of the group process',
    prompt: 'What was useful, what did you learn, and what issues do you have? About the process, not the case.',
    cues: ['The advisor leads.', 'About the process, never the case content.'],
    minutes: 10,
    round: [],
    items: {
      kind: 'process-review',
      label: 'Process review point',
      elements: [
        { id: 'useful', label: 'What was useful' },
        { id: 'learnt', label: 'What I learnt' },
        { id: 'issue', label: 'Issues' },
      ],
      writers: ['facilitator', 'advisor', 'caseworker', 'participant'],
    },
    lead: 'advisor',
  },
];

const BY_ID = new Map(STAGES.map((s) => [s.id, s]));

export function stageSpec(id: StageId): StageSpec {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`unknown stage ${id}`);
  return spec;
}

export function stageIndex(id: StageId): number {
  return STAGE_IDS.indexOf(id);
}

export function isQuestionStage(spec: StageSpec): boolean {
  return spec.round.length > 0 && spec.items !== undefined;
}

/** Planned minutes for a stage or one of its steps, honouring the session's overrides. */
export interface DurationOverrides {
  /** Minutes for a stage without a round, or for the write step of a round stage. */
  [stage: string]: number | undefined;
}

export function stepMinutes(spec: StageSpec, step: StepId, overrides: DurationOverrides): number {
  const base = spec.round.find((s) => s.id === step);
  if (!base) throw new Error(`stage ${spec.id} has no step ${step}`);
  const override = overrides[spec.id];
  return step === 'write' && override !== undefined ? override : base.minutes;
}

export function stageMinutes(spec: StageSpec, overrides: DurationOverrides): number {
  if (spec.round.length === 0) return overrides[spec.id] ?? spec.minutes;
  return spec.round.reduce((sum, step) => sum + stepMinutes(spec, step.id, overrides), 0);
}
