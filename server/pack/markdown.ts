/** The pack as Markdown: for pasting into notes and case records that take plain text. */
import {
  checkInWordLines,
  itemText,
  type Pack,
  type PackItem,
  ratingBar,
  reviewLines,
  safetyScaleLines,
} from '../../shared/pack.js';

const line = (item: PackItem) =>
  `${item.number}. ${item.chosen ? '**[Chosen]** ' : ''}${itemText(item).replace(/\n+/g, ' ')}${item.author ? ` _(${item.author})_` : ''}`;

export function renderMarkdown(pack: Pack): string {
  const out: string[] = [];
  out.push(
    `**${pack.protectiveMarking}**`,
    '',
    `# Question pack: ${pack.title}`,
    '',
    `Session held on ${pack.date}.`,
    '',
  );
  out.push("## The worker's goal", '', pack.workerGoal || '_Not recorded._', '');
  out.push('## Chosen next steps', '');
  if (pack.nextSteps.length === 0) out.push('_None chosen._');
  for (const s of pack.nextSteps) out.push(`${s.number}. ${s.text.replace(/\n+/g, ' ')} _(${s.stageTitle})_`);
  out.push('');
  for (const section of pack.sections) {
    out.push(`## ${section.stageNumber}. ${section.title}`, '');
    if (section.chosenCount > 0) out.push(`${section.chosenCount} chosen by the caseworker, listed first.`, '');
    for (const group of section.groups) {
      if (group.label) out.push(`### ${group.label}`, '');
      for (const item of group.items) out.push(line(item));
      out.push('');
    }
  }
  out.push('## Safety scale by key player', '');
  for (const l of safetyScaleLines(pack)) out.push(`- ${l}`);
  if (safetyScaleLines(pack).length > 0) out.push('');
  if (pack.safetyScale.length === 0) out.push('_No ratings recorded._');
  for (const r of pack.safetyScale) out.push(`- ${r.keyPlayer}: ${r.value}/10`);
  out.push(
    '',
    '## Usefulness through the session',
    '',
    '0 = no better off or any clearer than at the start; 10 = got what I need from the consult.',
    '',
  );
  if (pack.usefulness.length === 0) out.push('_No check-ins recorded._');
  for (const r of pack.usefulness) out.push(`- ${r.stageTitle}: \`${ratingBar(r.value)}\``);
  const words = checkInWordLines(pack);
  if (words.length > 0) out.push('', "The worker's words at each check-in:", '', ...words.map((l) => `- ${l}`));
  if (pack.harmMapped.length > 0) {
    out.push(
      '',
      `How well past harm was already mapped (0-10): ${pack.harmMapped.map((r) => `${r.value}/10`).join(', ')}`,
    );
  }
  const review = reviewLines(pack);
  if (review.length > 0) out.push('', '## Review and next steps', '', ...review.map((l) => `- ${l}`));
  out.push('', `**${pack.protectiveMarking}**`, '');
  return out.join('\n');
}
