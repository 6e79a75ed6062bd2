/**
 * The appendix at the end of the Word document: how the proposal is computed (the rule) and, per
 * nämndmål, the units' forecasts and the proposal's arithmetic. The body reads as the published
 * delårsrapport (seed 001); whoever wants to check a status finds its basis here.
 */

import { joinSwedish } from '../shared/swedish-format.js';
import { allGoals } from './aggregate.js';
import { type Block, heading, para } from './docx-kit.js';
import { describeRule } from './proposal.js';
import type { GoalReport, ReportModel } from './report-model.js';

export const APPENDIX_HEADING = 'Bilaga: Underlag för bedömningarna';

/** "AMC uppfylls delvis (Anna Lind), OSA har inte skickat in" */
export function unitForecasts(goal: GoalReport): string {
  return joinSwedish(
    goal.units.map((u) =>
      u.status
        ? `${u.shortName} ${u.status.label.toLocaleLowerCase('sv-SE')}${u.answeredBy ? ` (${u.answeredBy.name})` : ''}`
        : `${u.shortName} ${u.included ? 'ingen prognos' : 'har inte skickat in'}`,
    ),
  );
}

/** "Underlag för förslaget: …", or what the proposal was when the decision differs from it. */
export function proposalBasis(goal: GoalReport): string {
  const lead =
    goal.decision && goal.decision.status.id !== goal.proposal.status.id
      ? `Uppföljningsbotens förslag var ${goal.proposal.status.label.toLocaleLowerCase('sv-SE')}: `
      : 'Underlag för förslaget: ';
  return `${lead}${goal.proposal.reasons.join('; ')}.`;
}

export function appendixSection(model: ReportModel): Block[] {
  const blocks: Block[] = [
    heading(APPENDIX_HEADING, 2),
    para(
      'Bilagan visar hur uppföljningsbotens förslag till bedömning räknas fram och vad varje nämndmåls förslag bygger på. Den är ett stöd för ledningens beslut och ingår inte i den bedömning som redovisas ovan.',
    ),
    heading('Så tas förslaget till bedömning fram', 3),
    para(describeRule(model.proposalRule)),
    heading('Underlag per nämndmål', 3),
  ];
  for (const goal of allGoals(model)) {
    blocks.push(heading(goal.name, 4));
    blocks.push(
      para(`Bedömning: ${goal.effective.status.label}${goal.decision ? ' (beslut)' : ' (förslag)'}.`),
    );
    if (goal.units.length > 0) blocks.push(para(`Enheternas prognoser: ${unitForecasts(goal)}.`));
    blocks.push(para(proposalBasis(goal)));
  }
  return blocks;
}
