/**
 * Short prompts on writing good questions, shown on phones beside the writing box. They follow the
 * Signs of Safety question types the seed names (relationship questions; scaling; the safety-goal
 * shape) and the solution-focused types practitioners use with them (exception, coping, preferred
 * future). Examples use no real case content.
 */
import type { StageId } from './stages.js';

export interface QuestionTip {
  type: string;
  example: string;
}

const RELATIONSHIP: QuestionTip = {
  type: 'Relationship',
  example: 'What would your mum say she has noticed you doing that keeps the baby safe?',
};
const EXCEPTION: QuestionTip = {
  type: 'Exception',
  example: 'When was a time this could have happened but didn’t? What was different then?',
};
const COPING: QuestionTip = { type: 'Coping', example: 'With everything going on, how have you kept going?' };
const PREFERRED_FUTURE: QuestionTip = {
  type: 'Preferred future',
  example: 'If things were going well in six months, what would your children notice first?',
};
const SCALING: QuestionTip = {
  type: 'Scaling',
  example:
    'On a scale of 0 to 10, where 10 means everyone is sure the children are safe and 0 means…, where would you put things now?',
};

export const QUESTION_TIPS: Partial<Record<StageId, readonly QuestionTip[]>> = {
  rough: [
    {
      type: 'Danger statement',
      example: 'Who is worried, about what behaviour, and what might happen to the child if nothing changes.',
    },
    { type: 'Safety goal', example: 'What the agency needs to see, so the worry is answered.' },
  ],
  'working-well': [RELATIONSHIP, EXCEPTION, COPING, PREFERRED_FUTURE],
  scaling: [
    SCALING,
    {
      ...RELATIONSHIP,
      example: 'Where would your sister put things on that scale? What would she say makes it that number?',
    },
  ],
  harm: [
    { type: 'Behaviour', example: 'What exactly happened, and who did what?' },
    { type: 'Severity', example: 'How bad was it? What did the doctor or school see?' },
    { type: 'Incidence', example: 'How often has this happened, and over how long?' },
    { type: 'Impact', example: 'How has this affected the child? What would they say?' },
  ],
  danger: [
    {
      type: 'Plain words',
      example:
        'Write it so the parents, and the children, can understand it: who is worried, about what, and what might happen.',
    },
  ],
  'safety-goals': [
    {
      type: 'The shape',
      example:
        '[Agency/people] want [child] to [be with/live with …] because they can see [short positive statement]. For this to happen [agency] need to see …',
    },
  ],
  review: [RELATIONSHIP, SCALING],
  'process-review': [
    { type: 'About the process', example: 'What helped you think? What would you change next time? Not the case.' },
  ],
};
