/** Size caps shared by the schemas, the server and the client's form fields. */
export const LIMITS = {
  titleChars: 60,
  nameChars: 40,
  itemChars: 1000,
  /** Changes to one item: enough to reword it many times, not to replay edits as a flood. */
  editsPerItem: 20,
  goalChars: 2000,
  noteChars: 2000,
  advisorNoteChars: 1000,
  keyPlayerChars: 60,
  /** The safety scale's question and what its ends mean. */
  scaleChars: 300,
  reviewTopicChars: 200,
  placements: 500,
  caseReferenceChars: 80,
  actionChars: 500,
  ownerChars: 80,
  decisionChars: 2000,
  recordActions: 100,
  recordDecisions: 100,
  laterAdditions: 100,
  clientIdChars: 64,
  /** socket.io message cap: far below the 1 MB default. */
  socketMessageBytes: 64 * 1024,
  httpBodyBytes: 16 * 1024,
  /** Items per author per stage: keeps one phone from flooding the pack. */
  itemsPerAuthorPerStage: 60,
  strongestPerAuthorPerStage: 2,
  exactWordsNotes: 200,
  advisorNotes: 500,
  ratings: 500,
  members: 60,
  /**
   * Of those, the most who join by code: the facilitator's and the invited roles' seats (advisor,
   * caseworker, screen) can never be taken by people who only had the code.
   */
  participants: 56,
  maxStageMinutes: 120,
} as const;
