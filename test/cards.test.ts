import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CardModels } from '../src/cards/models.js';
import { type AdaptiveCard, cardAttachment, cardNames, createCardRenderer } from '../src/cards/render.js';
import { allVerbs } from '../src/cards/verbs.js';
import {
  cardFixtures,
  economyCard,
  goalCard,
  goalMaximal,
  goalMinimal,
  messageLocked,
  messagePlain,
  startSingleUnit,
  startWithUnitChoice,
  summaryReceipt,
  summaryWithMissing,
  welcomeRegistered,
  welcomeUnregistered,
} from './support/card-fixtures.js';
import { cardValidator } from './support/card-schema.js';

const validateCard = cardValidator();

function schemaErrors(card: unknown): string {
  if (validateCard(card)) return '';
  // anyOf over every element type yields many errors; the first few locate the problem.
  return (validateCard.errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

const renderer = createCardRenderer();
const render = renderer.render;

type Node = Record<string, unknown>;

/** Every object in the card (depth first), with its path. */
function nodes(value: unknown, path = '$'): { node: Node; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => nodes(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Node;
  return [{ node, path }, ...Object.entries(node).flatMap(([key, child]) => nodes(child, `${path}.${key}`))];
}

const ofType = (card: unknown, type: string): Node[] =>
  nodes(card)
    .map((n) => n.node)
    .filter((n) => n.type === type);
const inputs = (card: unknown): Node[] =>
  nodes(card)
    .map((n) => n.node)
    .filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.'));
const actions = (card: unknown): Node[] =>
  nodes(card)
    .map((n) => n.node)
    .filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.'));
/** The object at `index`, failing the test when there is none. */
function at(items: readonly unknown[] | unknown, index = 0): Node {
  const item = Array.isArray(items) ? (items[index] as unknown) : undefined;
  if (typeof item !== 'object' || item === null) throw new Error(`no object at [${index}]`);
  return item as Node;
}
const texts = (card: unknown): string[] => ofType(card, 'TextBlock').map((t) => String(t.text));
const bytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

describe('card templates', () => {
  it.each(cardNames)('%s.json is an Adaptive Card 1.5 template', (name) => {
    const json = JSON.parse(readFileSync(new URL(`../cards/${name}.json`, import.meta.url), 'utf8'));
    expect(json).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.5',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
  });

  it('has a fixture for every card', () => {
    expect(new Set(cardFixtures.map((f) => f.card))).toEqual(new Set(cardNames));
  });
});

describe.each(cardFixtures)('$card ($label)', (fixture) => {
  // Rendered inside the tests, so that a broken template fails its tests rather than the collection.
  const execute = (): AdaptiveCard => render(fixture.card, fixture.data as never);
  const submit = (): AdaptiveCard => render(fixture.card, fixture.data as never, { actions: 'submit' });

  it.each([
    ['execute', execute],
    ['submit', submit],
  ] as const)('validates against the 1.5 schema (%s)', (_mode, card) => {
    expect(schemaErrors(card())).toBe('');
  });

  it('leaves no unexpanded expression and stays small', () => {
    for (const card of [execute(), submit()]) {
      expect(JSON.stringify(card)).not.toContain('${');
      expect(bytes(card)).toBeLessThan(40 * 1024);
    }
  });

  it('labels every input and gives each a unique id', () => {
    const all = inputs(execute());
    for (const input of all) {
      expect(typeof input.label === 'string' && input.label.trim() !== '', JSON.stringify(input)).toBe(true);
      expect(input.isRequired).toBeUndefined();
      expect(input.errorMessage).toBeUndefined();
    }
    const ids = all.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
  });

  it('uses known verbs on Action.Execute with an Action.Submit fallback', () => {
    for (const action of actions(execute())) {
      const data = action.data as Node;
      expect(allVerbs.has(String(data.verb)), JSON.stringify(action)).toBe(true);
      if (action.type === 'Action.Execute') {
        expect(action.verb).toBe(data.verb);
        expect(action.fallback).toEqual({
          type: 'Action.Submit',
          title: action.title,
          data,
          style: action.style,
        });
      } else {
        expect(action.type).toBe('Action.Submit');
      }
    }
  });

  it('uses only Action.Submit carrying the verb in submit mode', () => {
    expect(actions(submit()).length).toBe(
      actions(execute()).filter((a) => a.type === 'Action.Execute').length,
    );
    for (const action of actions(submit())) {
      expect(action.type).toBe('Action.Submit');
      expect(action.fallback).toBeUndefined();
      expect(action.verb).toBeUndefined();
      expect(allVerbs.has(String((action.data as Node).verb))).toBe(true);
    }
  });
});

describe('card content', () => {
  it('shows the four status choices, the texts and the I.U. toggle on the goal card', () => {
    const card = render('goal', goalCard);
    const status = at(ofType(card, 'Input.ChoiceSet'));
    expect(status).toMatchObject({ id: 'status', style: 'compact', label: 'Prognos för helåret', value: '' });
    expect((status.choices as Node[]).map((c) => c.title)).toEqual([
      'Uppfylls',
      'Uppfylls delvis',
      'Uppfylls ej',
      'Kan ej bedömas',
    ]);
    const textInputs = ofType(card, 'Input.Text');
    expect(textInputs.find((i) => i.id === 'results')).toMatchObject({ isMultiline: true, maxLength: 2000 });
    expect(textInputs.find((i) => i.id === 'deviations')).toMatchObject({
      isMultiline: true,
      maxLength: 2000,
    });
    expect(textInputs.find((i) => i.id === 'ind.antal-utbetalningshushall.total')).toMatchObject({
      label: 'Antal utbetalningshushåll',
      value: '2 140',
      placeholder: 'T.ex. 3 090',
    });
    expect(textInputs.filter((i) => String(i.id).startsWith('ind.')).length).toBe(5);
    const toggles = ofType(card, 'Input.Toggle');
    expect(toggles).toHaveLength(3);
    for (const toggle of toggles) expect(toggle).toMatchObject({ valueOn: 'true', valueOff: 'false' });
    expect(toggles[2]).toMatchObject({ id: 'ind.andel-ej-ateraktualiserade.iu', value: 'true' });
    expect(texts(card)).toContain('Steg 2 av 6');
    expect(texts(card)).toContain(goalCard.previousText);
  });

  it('renders the main actions in the card action bar with their style', () => {
    const card = render('goal', goalCard);
    expect((card.actions as Node[]).map((a) => [a.title, a.style])).toEqual([
      ['Tillbaka', 'default'],
      ['Spara utkast', 'default'],
      ['Nästa', 'positive'],
    ]);
    expect((card.actions as Node[])[2]?.data).toEqual({
      verb: 'followup.next',
      unitId: 'amc',
      periodId: '2024-08',
      step: 'goal:hog-egenforsorjningsgrad',
      rev: 4,
    });
  });

  it('colours notices by tone', () => {
    const card = render('goal', goalMaximal);
    const blocks = ofType(card, 'TextBlock');
    expect(blocks.find((b) => b.text === goalMaximal.notices[0]?.text)).toMatchObject({
      color: 'Attention',
      weight: 'Bolder',
      wrap: true,
    });
    expect(blocks.find((b) => b.text === goalMaximal.notices[1]?.text)).toMatchObject({
      color: 'Warning',
      weight: 'Default',
    });
    const saved = ofType(render('economy', economyCard), 'TextBlock').find(
      (b) => b.text === 'Utkastet är sparat.',
    );
    expect(saved).toMatchObject({ color: 'Good', weight: 'Default' });
    const locked = ofType(render('message', messageLocked), 'TextBlock').find(
      (b) => b.text === messageLocked.text,
    );
    expect(locked).toMatchObject({ color: 'Attention', weight: 'Bolder' });
  });

  it('shows progress per item with an Öppna button on the start card', () => {
    const card = render('start', startWithUnitChoice);
    const progress = ofType(card, 'TextBlock').filter((b) =>
      ['Klar', 'Utkast', 'Ej påbörjad'].includes(String(b.text)),
    );
    expect(progress.map((b) => [b.text, b.color, b.isSubtle])).toEqual([
      ['Klar', 'Good', false],
      ['Utkast', 'Warning', false],
      ['Ej påbörjad', 'Default', true],
      ['Utkast', 'Warning', false],
      ['Ej påbörjad', 'Default', true],
    ]);
    const actionSets = ofType(card, 'ActionSet');
    expect(actionSets).toHaveLength(6); // "Byt enhet" and one per item
    const open = actionSets.slice(1).map((s) => at(s.actions));
    expect(open.map((a) => [a.title, a.verb, (a.data as Node).step])).toEqual(
      startWithUnitChoice.items.map((i) => ['Öppna', 'followup.open', i.action.data.step]),
    );
  });

  it('offers the unit choice only to those who answer for several units', () => {
    const several = render('start', startWithUnitChoice);
    expect(ofType(several, 'Input.ChoiceSet')).toEqual([
      {
        type: 'Input.ChoiceSet',
        id: 'unitChoice',
        label: 'Enhet',
        value: 'amc',
        style: 'compact',
        wrap: true,
        choices: [
          { title: 'Arbetsmarknadscentrum (AMC)', value: 'amc' },
          { title: 'AMF', value: 'amf' },
        ],
      },
    ]);
    expect(actions(several).some((a) => a.title === 'Byt enhet' && a.verb === 'followup.start')).toBe(true);

    const single = render('start', startSingleUnit);
    expect(ofType(single, 'Input.ChoiceSet')).toEqual([]);
    expect(actions(single).some((a) => a.title === 'Byt enhet')).toBe(false);
    expect(ofType(single, 'ActionSet')).toHaveLength(2);
  });

  it('drops the $when parts whose data is empty', () => {
    const minimal = render('goal', goalMinimal);
    expect(texts(minimal)).not.toContain(goalCard.previousText);
    expect(texts(minimal)).not.toContain(goalCard.indicatorsTitle);
    expect(texts(minimal)).not.toContain(goalCard.notices[0]?.text);
    expect(texts(minimal)).not.toContain('Steg 2 av 6');
    expect(ofType(minimal, 'Container')).toEqual([]);
    expect(ofType(minimal, 'Input.Toggle')).toEqual([]);
    expect(ofType(minimal, 'ColumnSet')[0]?.columns).toHaveLength(1);
    // "context" is "" in the minimal card: no empty TextBlock is left behind.
    expect(texts(minimal)).not.toContain('');

    const full = render('goal', goalCard);
    expect(ofType(full, 'Container').filter((c) => c.style === 'emphasis')).toHaveLength(1);
    expect(texts(full)).toContain(goalCard.context);

    const economy = render('economy', economyCard);
    expect(texts(economy).filter((t) => t.startsWith('Förra prognosen'))).toHaveLength(1);
    expect(texts(economy).filter((t) => t.startsWith('Avvikelse'))).toHaveLength(1);

    expect(ofType(render('message', messagePlain), 'FactSet')).toEqual([]);
    expect(ofType(render('message', messageLocked), 'FactSet')).toHaveLength(1);
    expect(texts(render('welcome', welcomeRegistered))).not.toContain('');
    expect(texts(render('welcome', welcomeUnregistered))).toContain(welcomeUnregistered.note);
    expect(ofType(render('welcome', welcomeUnregistered), 'Container')).toEqual([]);

    const startSingle = render('start', startSingleUnit);
    expect(texts(startSingle)).not.toContain(startWithUnitChoice.header.deadlineText);
    expect(texts(startSingle)).not.toContain('');
  });

  it('lists what is missing on the summary and shows a receipt without buttons', () => {
    const summary = render('summary', summaryWithMissing);
    const missing = ofType(summary, 'TextBlock').filter((b) => b.color === 'Attention');
    expect(missing.map((b) => b.text)).toEqual(summaryWithMissing.missing.map((m) => `• ${m.text}`));
    expect(ofType(summary, 'FactSet')).toHaveLength(2); // the section without facts has none
    expect((summary.actions as Node[]).map((a) => a.title)).toEqual(['Tillbaka', 'Skicka in']);

    const receipt = render('summary', summaryReceipt);
    expect(receipt.actions).toEqual([]);
    expect(actions(receipt)).toEqual([]);
    expect(ofType(receipt, 'TextBlock').some((b) => b.color === 'Attention')).toBe(false);
    expect(texts(receipt)).toContain('Inskickat');
  });

  it('keeps the maximal goal card well under the size limit', () => {
    const card = render('goal', goalMaximal);
    // Status, results, deviations and other activities, then 10 indicators with 7 inputs each.
    expect(inputs(card)).toHaveLength(4 + 10 * 7);
    expect(bytes(card)).toBeLessThan(40 * 1024);
  });
});

describe('renderer', () => {
  it('refuses a card whose model lacks a field the template uses', () => {
    const { goalName: _dropped, ...drifted } = goalCard;
    expect(() => render('goal', drifted as unknown as CardModels['goal'])).toThrow(
      /"goal".*\$\.body\[\d+\]\.text.*goalName/,
    );
    const noHeaderStep = { ...economyCard, header: { ...economyCard.header, stepText: undefined } };
    expect(() => render('economy', noHeaderStep as unknown as CardModels['economy'])).toThrow(/"economy"/);
  });

  it('accepts "${" typed by a user in a free text', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: what a user might type
    const typedText = 'Kostnad ${x} enligt budget';
    const typed = { ...goalCard, results: { ...goalCard.results, value: typedText } };
    const card = render('goal', typed);
    expect(ofType(card, 'Input.Text').find((i) => i.id === 'results')?.value).toBe(typedText);
  });

  it('returns independent cards that do not share objects with the model', () => {
    const first = render('goal', goalCard);
    (at(first.actions).data as Node).verb = 'changed';
    expect(goalCard.actions[0]?.data.verb).toBe('followup.back');
    expect((at(render('goal', goalCard).actions).data as Node).verb).toBe('followup.back');
    // A second renderer has its own cache and renders the same card.
    expect(createCardRenderer().render('goal', goalCard)).toEqual(render('goal', goalCard));
  });

  it('wraps a card as a Bot Framework attachment', () => {
    const card = render('help', {
      title: 'Hjälp',
      intro: 'Text',
      commands: [],
      contact: '',
      actions: [],
    });
    expect(cardAttachment(card)).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: card,
    });
  });
});

describe('the 1.5 schema', () => {
  const base = (body: unknown[]): AdaptiveCard => ({ type: 'AdaptiveCard', version: '1.5', body });

  it('accepts a correct card', () => {
    expect(schemaErrors(base([{ type: 'TextBlock', text: 'Hej', wrap: true }]))).toBe('');
  });

  it.each([
    ['a TextBlock without text', [{ type: 'TextBlock', wrap: true }]],
    ['an unknown element type', [{ type: 'Input.Txet', id: 'x', label: 'X' }]],
    ['an unknown property', [{ type: 'TextBlock', text: 'Hej', colour: 'good' }]],
    ['an input without id', [{ type: 'Input.Text', label: 'X' }]],
    ['a toggle without title', [{ type: 'Input.Toggle', id: 'iu', label: 'I.U.' }]],
    ['a wrong property type', [{ type: 'Input.Text', id: 'x', label: 'X', maxLength: '2000' }]],
    ['an ActionSet with an unknown action', [{ type: 'ActionSet', actions: [{ type: 'Action.Excute' }] }]],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unexpanded binding
    ['an unresolved template field', [{ type: 'Input.Text', id: 'x', isMultiline: '${multi}' }]],
  ])('rejects %s', (_what, body) => {
    expect(schemaErrors(base(body))).not.toBe('');
  });

  it('rejects template-only keys left in a card', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a templating key
    expect(schemaErrors(base([{ type: 'TextBlock', text: 'Hej', $when: '${x}' }]))).not.toBe('');
  });
});
