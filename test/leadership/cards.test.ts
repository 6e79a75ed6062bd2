/**
 * The leadership card templates with their fixtures: under Teams' message size, every goal a
 * button, "förslag" visible beside the status, the decide card's inputs labelled.
 */
import { describe, expect, it } from 'vitest';
import { createCardRenderer } from '../../src/cards/render.js';
import { Verb } from '../../src/cards/verbs.js';
import {
  cardFixtures,
  leaderChoiceAll,
  leaderDecide,
  leaderGoalMinimal,
  leaderMissingNone,
  leaderPrognosis,
} from '../support/card-fixtures.js';
import { CARD_LIMIT_BYTES } from '../support/leadership.js';

const render = createCardRenderer().render;
type Node = Record<string, unknown>;

function nodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (typeof value !== 'object' || value === null) return [];
  return [value as Node, ...Object.values(value as Node).flatMap(nodes)];
}
const ofType = (card: unknown, type: string) => nodes(card).filter((n) => n.type === type);
const texts = (card: unknown) => ofType(card, 'TextBlock').map((t) => String(t.text));

const leaderFixtures = cardFixtures.filter((f) => f.card.startsWith('leader-'));

describe('leadership cards', () => {
  it.each(leaderFixtures.map((f) => [f.card, f.label, f] as const))(
    '%s (%s) stays under 28 KB',
    (_c, _l, f) => {
      for (const mode of ['execute', 'submit'] as const) {
        const card = render(f.card, f.data as never, { actions: mode });
        expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_LIMIT_BYTES);
      }
    },
  );

  it('the prognosis card has a button per goal and marks proposals "förslag"', () => {
    const card = render('leader-prognosis', leaderPrognosis);
    const goalButtons = ofType(card, 'Action.Execute').filter((a) => a.verb === Verb.leadershipGoal);
    expect(goalButtons).toHaveLength(12);
    expect(texts(card)).toContain('Uppfylls delvis · förslag');
    expect(texts(card)).toContain('Uppfylls delvis · beslutad av Helena Strand');
    expect(texts(card)).toContain('7 av 9 enheter har svarat');
    expect((card.actions as Node[]).map((a) => a.title)).toEqual([
      'Ekonomi',
      'Vilka saknas',
      'Hämta rapport',
    ]);
    expect(ofType(card, 'FactSet')[0]?.facts).toContainEqual({
      title: 'Prognos helår',
      value: '649\u00a0950 tkr',
    });
  });

  it('the decide card labels its two inputs and sends the revision', () => {
    const card = render('leader-decide', leaderDecide);
    expect(ofType(card, 'Input.ChoiceSet')[0]).toMatchObject({
      id: 'decisionStatus',
      label: 'Nämndens bedömning',
      value: 'uppfylls-delvis',
    });
    expect(ofType(card, 'Input.Text')[0]).toMatchObject({
      id: 'motivation',
      label: 'Motivering (krävs, högst 2\u00a0000 tecken)',
      isMultiline: true,
    });
    // No maxLength: a client would cut a long paste without a word; the server refuses it with its length.
    expect(ofType(card, 'Input.Text')[0]?.maxLength).toBeUndefined();
    expect((card.actions as Node[])[0]?.data).toEqual({
      verb: Verb.leadershipDecideSave,
      periodId: '2024-08',
      goalId: 'hog-egenforsorjningsgrad',
      rev: 0,
    });
  });

  it('drops the empty parts', () => {
    const goal = render('leader-goal', leaderGoalMinimal);
    expect(texts(goal)).not.toContain('Indikatorer');
    expect(texts(goal)).not.toContain('Resultat');
    expect(texts(goal)).not.toContain('');
    expect(texts(goal)).toContain(leaderGoalMinimal.scopeNote);
    const missing = render('leader-missing', leaderMissingNone);
    expect(texts(missing)).toContain('Alla enheter har skickat in sina svar.');
    expect(texts(missing)).not.toContain('');
    const choice = render('leader-choice', leaderChoiceAll);
    expect(ofType(choice, 'ActionSet')).toHaveLength(12);
    expect(texts(choice)).toEqual(expect.arrayContaining(['Medborgare', 'Medarbetare']));
  });
});
