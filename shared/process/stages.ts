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

/**
 * Who reads what in the read-out step (A6-WW-3, A6-ROUGH-2, A6-DANGER-3, A6-SG-4):
 *   strongest:        everyone reads their strongest one or two; the facilitator reads all of theirs
 *   all:              everyone, the facilitator included, reads all of theirs
 *   facilitator-last: some (or all, in a small group) read theirs; the facilitator reads theirs last
 */
export type ReadRule = 'strongest' | 'all' | 'facilitator-last';

export const READ_PROMPTS: Record<ReadRule, string> = {
  strongest: 'Read out your strongest one or two. The facilitator reads all of theirs.',
  all: 'Everyone reads theirs, the facilitator included.',
  'facilitator-last': 'Some of you read yours; the facilitator reads theirs last.',
};

/** What the shared screen says during each step after writing (the write step shows the stage's prompt). */
export const STEP_PROMPTS: Record<Exclude<StepId, 'write' | 'read'>, string> = {
  choose: 'Which of these matter most? Which will you use with the family and other professionals?',
  map: 'Mapping the chosen areas with the worker.',
  'hand-over': "Everyone's items go to the caseworker.",
  'check-in': 'What has been most useful so far? Where are you, from 0 to 10?',
};

/**
 * The line to show large for the current stage and step. The review's further round carries the
 * topic the worker named (A6-REV-3).
 */
export function promptFor(spec: StageSpec, step: StepId | null, topic?: string): string {
  if (step === 'read') return READ_PROMPTS[spec.readRule];
  if (step && step !== 'write') return STEP_PROMPTS[step];
  if (spec.id === 'review' && step === 'write')
    return topic ? `Write questions on: ${topic}` : 'Write questions on what the worker still needs.';
  return spec.prompt;
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
  /** Writers may mark an item as a relationship question (A6-WW-2). */
  relationshipQuestions?: boolean;
}

export interface StepSpec {
  id: StepId;
  /** The seed's length for this step, or null when the seed gives none: the step counts up. */
  minutes: number | null;
  /** For untimed steps, a typical length: used only to estimate the whole session's time. */
  typicalMinutes?: number;
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
  /** Planned minutes for a stage without a round (null: untimed). Round stages time their steps. */
  minutes: number | null;
  /** For an untimed stage without a round, a typical length (for the estimate only). */
  typicalMinutes?: number;
  /** Who reads what in the read-out step. */
  readRule: ReadRule;
  /** The stage offers the words-and-pictures form, with this write length (A6-DANGER-2, A6-SG-2). */
  wordsAndPictures?: { writeMinutes: number };
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

const CHECK_IN_STEP: StepSpec = { id: 'check-in', minutes: null, typicalMinutes: 2, cues: CHECK_IN_CUES };

const QUESTION_WRITERS: readonly Role[] = ['facilitator', 'advisor', 'participant'];

function questionRound(opts: {
  write: number;
  /** Minutes for mapping when the seed gives them (what's working well: 10-15), else untimed. */
  map: number | null;
  mapTypical?: number;
  /** Harm has no usefulness check-in in the seed (A6-HARM-7). */
  checkIn?: boolean;
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
      minutes: null,
      typicalMinutes: 4,
      cues: ['Everyone reads one or two of their strongest. The facilitator reads all of theirs.'],
    },
    {
      id: 'choose',
      minutes: null,
      typicalMinutes: 3,
      cues: [
        ...(opts.extraChooseCues ?? []),
        opts.chooseCue,
        'Chosen items go into the next steps of "What needs to happen?".',
      ],
    },
    {
      id: 'map',
      minutes: opts.map,
      typicalMinutes: opts.mapTypical,
      cues: [opts.mapCue, ...(opts.extraMapCues ?? [])],
    },
    { id: 'hand-over', minutes: null, typicalMinutes: 1, cues: [opts.handOverCue] },
    ...(opts.checkIn === false ? [] : [CHECK_IN_STEP]),
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
    readRule: 'strongest',
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
    readRule: 'strongest',
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
    readRule: 'strongest',
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
    readRule: 'strongest',
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
    // The seed gives the rough drafts no length: both steps count up.
    minutes: null,
    readRule: 'facilitator-last',
    round: [
      { id: 'write', minutes: null, typicalMinutes: 4, cues: ['Everyone drafts alone.'] },
      {
        id: 'read',
        minutes: null,
        typicalMinutes: 4,
        cues: ['Some (or all) read theirs; the facilitator reads their own last.'],
      },
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
    minutes: null,
    readRule: 'strongest',
    round: questionRound({
      write: 5,
      map: 10,
      chooseCue:
        'Ask: "Which of these questions seem the most important? Which do you want to use with the family and other professionals?"',
      mapCue:
        'Ask: "Are there particular questions or areas you would like to map now?" Spend 10 to 15 minutes mapping them.',
      handOverCue: 'All group members give their questions to the caseworker.',
    }),
    items: {
      kind: 'working-well-question',
      label: "What's working well question",
      writers: QUESTION_WRITERS,
      relationshipQuestions: true,
    },
    lead: 'facilitator',
  },
  {
    id: 'scaling',
    number: 7,
    title: 'Safety and other scales',
    prompt: 'Write your sharpest safety scaling question, then a second scaling question.',
    cues: ['The best, sharpest safety scaling question first; then a second scaling question you think is important.'],
    minutes: null,
    readRule: 'strongest',
    round: questionRound({
      write: 5,
      map: null,
      mapTypical: 5,
      chooseCue:
        'Ask: "Which of these scaling questions seem most important? Which do you want to use with the family and other professionals?"',
      mapCue: 'Map the detail of any chosen scaling question for a few minutes.',
      extraMapCues: [
        "Shape the worker's ideal safety scale from the offerings and get ratings on it from the key players.",
      ],
      handOverCue: 'All group members give their scaling questions to the caseworker.',
    }),
    items: {
      kind: 'scaling-question',
      label: 'Scaling question',
      // A6-SCALE-1: the sharpest safety scaling question, then another scaling question.
      elements: [
        { id: 'safety', label: 'Safety scaling question' },
        { id: 'other', label: 'Other scaling question' },
      ],
      writers: QUESTION_WRITERS,
    },
    lead: 'facilitator',
  },
  {
    id: 'harm',
    number: 8,
    title: 'Harm',
    prompt: 'Write the sharpest question for behaviour, severity, incidence and impact (or one element each).',
    // A6-HARM-2: 2 to 5 minutes; 5 is the default and can be changed at setup.
    cues: [
      'Harm describes the harmful behaviour and addresses how bad it is (severity), how often (incidence or chronicity) and its effect on the child (impact).',
    ],
    minutes: null,
    readRule: 'strongest',
    round: questionRound({
      write: 5,
      map: null,
      mapTypical: 4,
      checkIn: false,
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
    minutes: null,
    readRule: 'all',
    wordsAndPictures: { writeMinutes: 10 },
    round: [
      { id: 'write', minutes: 5, cues: ['Everyone writes alone.'] },
      {
        id: 'read',
        minutes: null,
        typicalMinutes: 4,
        cues: ['Everyone, the facilitator included, reads their danger statements.'],
      },
      {
        id: 'hand-over',
        minutes: null,
        typicalMinutes: 1,
        cues: ['All group members give their danger statements to the caseworker.'],
      },
      CHECK_IN_STEP,
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
    minutes: null,
    readRule: 'all',
    // The seed: with words and pictures it is probably a combined danger and safety goal picture (5 minutes).
    wordsAndPictures: { writeMinutes: 5 },
    round: [
      { id: 'write', minutes: 5, cues: ['Everyone writes alone, in the fixed shape.'] },
      {
        id: 'read',
        minutes: null,
        typicalMinutes: 4,
        cues: ['Everyone, the facilitator included, reads their safety goals.'],
      },
      {
        id: 'hand-over',
        minutes: null,
        typicalMinutes: 1,
        cues: ['All group members give their safety goals to the caseworker.'],
      },
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
    // The check-in's own cue lines come with its step; these are the branches after it.
    cues: [
      'If high: "Is this enough for now?" Yes ends the mapping (skip the further round).',
      'If no: "What else do you need to focus on?" Run a further question round on that issue.',
      'If low: back up and help the worker find the sticking point; agree how to deal with it.',
    ],
    minutes: null,
    readRule: 'strongest',
    // The seed times none of the review: every step counts up.
    round: [
      { id: 'check-in', minutes: null, typicalMinutes: 3, cues: CHECK_IN_CUES },
      {
        id: 'write',
        minutes: null,
        typicalMinutes: 4,
        cues: ['Further round: questions on the issue the worker still needs.'],
      },
      { id: 'read', minutes: null, typicalMinutes: 3, cues: ['Everyone reads their strongest one or two.'] },
      {
        id: 'choose',
        minutes: null,
        typicalMinutes: 2,
        cues: ['Which matter most? Chosen items go into the next steps.'],
      },
      {
        id: 'hand-over',
        minutes: null,
        typicalMinutes: 1,
        cues: ['All group members give their questions to the caseworker.'],
      },
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
    // The seed gives the advisor's review no length: it counts up.
    minutes: null,
    typicalMinutes: 10,
    readRule: 'strongest',
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

/**
 * The worker chooses only in question rounds (A6-WW-4, A6-SCALE-3, A6-HARM-5, A6-REV-3): the
 * stages whose round has a choose step. Danger statements, safety goals and rough drafts go to the
 * worker as a whole set (A6-DANGER-4, A6-SG-5); the process review is never case content.
 */
export function stageChooses(spec: StageSpec): boolean {
  return spec.round.some((s) => s.id === 'choose');
}

/**
 * Where observers' private notepads for the worker's exact words are open (A6-DESC-3): from the
 * free description, while the worker is still talking about the case, through the worker's goal.
 * Notes already taken may still be handed in later; the server accepts them from the description on.
 */
export function notepadOpen(index: number): boolean {
  return index >= stageIndex('description') && index <= stageIndex('goal');
}

/** Writers mark their strongest one or two only where the read-out asks for them. */
export function stageMarksStrongest(spec: StageSpec): boolean {
  return spec.readRule === 'strongest' && spec.round.some((s) => s.id === 'read');
}

/**
 * Lengths the facilitator may change at setup, keyed as the session's overrides are: the stage id
 * for a stage without a round or for the write step of a round, "stage.step" for other steps.
 */
export interface DurationOverrides {
  [key: string]: number | undefined;
}

export interface SessionTiming {
  durations: DurationOverrides;
  /** Stages run in the words-and-pictures form (their write step takes its longer length). */
  wordsAndPictures?: readonly StageId[];
}

function durationKey(stage: StageId, step: StepId | null): string {
  return step === null || step === 'write' ? stage : `${stage}.${step}`;
}

export interface TimedLength {
  key: string;
  stageId: StageId;
  step: StepId | null;
  label: string;
  minutes: number;
}

/** Every length the seed gives, in order: what the start page lets the facilitator change. */
export function timedLengths(): TimedLength[] {
  const out: TimedLength[] = [];
  for (const spec of STAGES) {
    if (spec.round.length === 0) {
      if (spec.minutes !== null)
        out.push({ key: spec.id, stageId: spec.id, step: null, label: spec.title, minutes: spec.minutes });
      continue;
    }
    for (const step of spec.round) {
      if (step.minutes === null) continue;
      out.push({
        key: durationKey(spec.id, step.id),
        stageId: spec.id,
        step: step.id,
        label: `${spec.title}: ${STEP_LABELS[step.id].toLowerCase()}`,
        minutes: step.minutes,
      });
    }
  }
  return out;
}

export const TIMED_KEYS: readonly string[] = timedLengths().map((t) => t.key);

/** Planned minutes for one step, honouring the session's overrides; null when the step is untimed. */
export function stepMinutes(spec: StageSpec, step: StepId, timing: SessionTiming): number | null {
  const base = spec.round.find((s) => s.id === step);
  if (!base) throw new Error(`stage ${spec.id} has no step ${step}`);
  if (base.minutes === null) return null;
  const override = timing.durations[durationKey(spec.id, step)];
  if (override !== undefined) return override;
  if (step === 'write' && spec.wordsAndPictures && timing.wordsAndPictures?.includes(spec.id))
    return spec.wordsAndPictures.writeMinutes;
  return base.minutes;
}

/**
 * The stage clock's planned length: a stage without a round has the seed's length (or none);
 * a round stage's clock counts up, and its steps carry the countdowns.
 */
export function stageMinutes(spec: StageSpec, timing: SessionTiming): number | null {
  if (spec.round.length > 0 || spec.minutes === null) return null;
  return timing.durations[spec.id] ?? spec.minutes;
}

/** A realistic length for a stage: the timed lengths plus the typical length of untimed steps. */
export function estimatedStageMinutes(spec: StageSpec, timing: SessionTiming): number {
  if (spec.round.length === 0) return stageMinutes(spec, timing) ?? spec.typicalMinutes ?? 0;
  return spec.round.reduce((sum, step) => sum + (stepMinutes(spec, step.id, timing) ?? step.typicalMinutes ?? 0), 0);
}

export function estimatedSessionMinutes(timing: SessionTiming): number {
  return STAGES.reduce((sum, spec) => sum + estimatedStageMinutes(spec, timing), 0);
}
