/**
 * The Signs of Safety map's parts: each of the three columns holds named parts (rule MAP-1).
 * The board lays them out, the cockpit sends items and notes to them, and the pack names them.
 */
export const MAP_COLUMNS = ['worried', 'working', 'needs'] as const;
export type MapColumn = (typeof MAP_COLUMNS)[number];

export const MAP_COLUMN_TITLES: Record<MapColumn, string> = {
  worried: 'What are we worried about?',
  working: "What's working well?",
  needs: 'What needs to happen?',
};

export const MAP_PARTS = [
  'harm',
  'danger',
  'complicating',
  'strengths',
  'safety',
  'safety-goals',
  'safety-scale',
  'next-steps',
] as const;
export type MapPart = (typeof MAP_PARTS)[number];

export interface MapPartSpec {
  id: MapPart;
  column: MapColumn;
  title: string;
  /** Notes can be sent here from the cockpit; the safety scale's part is drawn from its data only. */
  takesNotes: boolean;
}

export const MAP_PART_SPECS: readonly MapPartSpec[] = [
  { id: 'harm', column: 'worried', title: 'Harm', takesNotes: true },
  { id: 'danger', column: 'worried', title: 'Danger statements', takesNotes: true },
  { id: 'complicating', column: 'worried', title: 'Complicating factors', takesNotes: true },
  { id: 'strengths', column: 'working', title: 'Existing strengths', takesNotes: true },
  { id: 'safety', column: 'working', title: 'Existing safety', takesNotes: true },
  { id: 'safety-goals', column: 'needs', title: 'Safety goals', takesNotes: true },
  { id: 'safety-scale', column: 'needs', title: 'Safety scale', takesNotes: false },
  { id: 'next-steps', column: 'needs', title: 'Next steps', takesNotes: true },
];

export function mapPartSpec(id: MapPart): MapPartSpec {
  return MAP_PART_SPECS.find((p) => p.id === id)!;
}

export function partsOf(column: MapColumn): MapPartSpec[] {
  return MAP_PART_SPECS.filter((p) => p.column === column);
}

/** Where a stage's items belong on the map, when they have an obvious home (the cockpit's default). */
export const DEFAULT_PART_FOR_STAGE: Partial<Record<string, MapPart>> = {
  rough: 'danger',
  harm: 'harm',
  danger: 'danger',
  'safety-goals': 'safety-goals',
  'working-well': 'strengths',
  scaling: 'next-steps',
  review: 'next-steps',
};
