import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CardModels } from '../../src/cards/models.js';
import { type AdaptiveCard, cardAttachment, cardNames, createCardRenderer } from '../../src/cards/render.js';
import { allVerbs } from '../../src/cards/verbs.js';
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
  summaryReceiptLast,
  summaryWithMissing,
  welcomeRegistered,
  welcomeUnregistered,
} from '../support/card-fixtures.js';
import { cardValidator } from '../support/card-schema.js';

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
/** Actions that reach the bot (not the client-side Action.ToggleVisibility). */
const actions = (card: unknown): Node[] =>
  nodes(card)
    .map((n) => n.node)
    .filter(
      (n) =>
        typeof n.type === 'string' && n.type.startsWith('Action.') && n.type !== 'Action.ToggleVisibility',
    );
/** The titles of the card's buttons that reach the bot, in order (fallbacks not counted). */
const buttonTitles = (card: unknown): string[] =>
  nodes(card)
    .filter((n) => !n.path.includes('.fallback'))
    .map((n) => n.node)
    .filter((n) => typeof n.type === 'string' && ['Action.Execute', 'Action.Submit'].includes(n.type))
    .map((n) => String(n.title));
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
    const json = JSON.parse(readFileSync(new URL(`../../cards/${name}.json`, import.meta.url), 'utf8'));
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
  it('shows the status choices, the texts and one compact row per indicator on the goal card', () => {
    const card = render('goal', goalCard);
    const status = at(ofType(card, 'Input.ChoiceSet'));
    expect(status).toMatchObject({
      id: 'status',
      style: 'compact',
      label: 'Prognos för helåret 2024',
      value: '',
    });
    expect((status.choices as Node[]).map((c) => c.title)).toEqual([
      'Uppfylls',
      'Uppfylls delvis',
      'Uppfylls ej',
      'Kan ej bedömas',
    ]);
    const textInputs = ofType(card, 'Input.Text');
    // No maxLength: a client would cut a long paste without a word; the server refuses it instead.
    expect(textInputs.find((i) => i.id === 'results')).toMatchObject({ isMultiline: true });
    expect(textInputs.every((i) => i.maxLength === undefined)).toBe(true);
    expect(textInputs.find((i) => i.id === 'ind.antal-utbetalningshushall.total')).toMatchObject({
      label: 'Utfall (antal)',
      value: '2 140',
      placeholder: 't.ex. 3 090',
    });
    // kvinnor, män and totalt side by side with the I.U. box: one row per indicator.
    const rows = ofType(card, 'ColumnSet').filter((c) =>
      JSON.stringify(c).includes('ind.antal-avslutade-hushall.'),
    );
    expect(rows).toHaveLength(1);
    expect((at(rows).columns as Node[]).length).toBe(4);
    const toggles = ofType(card, 'Input.Toggle');
    expect(toggles).toHaveLength(3);
    for (const toggle of toggles)
      expect(toggle).toMatchObject({ valueOn: 'true', valueOff: 'false', label: 'I.U.' });
    expect(toggles[2]).toMatchObject({ id: 'ind.andel-ej-ateraktualiserade.iu', value: 'true' });
    expect(texts(card)).toContain('Steg 2 av 6 · AMC · augusti 2024');
    expect(texts(card)).toContain(goalCard.about?.previous);
  });

  it('shows each refusal right under its field, and the summary at the top', () => {
    const card = render('goal', goalCard);
    const blocks = ofType(card, 'TextBlock');
    const red = blocks.filter((b) => b.color === 'Attention').map((b) => String(b.text));
    expect(red.slice(0, 3)).toEqual(goalCard.notices.map((n) => n.text));
    expect(red).toContain(goalCard.texts?.deviations.error);
    expect(red).toContain(goalCard.indicators[1]?.error);
    // Each message sits right after its field.
    const body = JSON.stringify(card);
    const field = body.indexOf('"id":"deviations"');
    const message = body.indexOf(String(goalCard.texts?.deviations.error));
    expect(field).toBeGreaterThan(-1);
    expect(message).toBeGreaterThan(field);
    expect(body.indexOf('"id":"ind.antal-utbetalningshushall.total"')).toBeGreaterThan(message);
  });

  it('puts Tillbaka, Spara and Nästa side by side at the bottom, naming the fields on the card', () => {
    const card = render('goal', goalCard);
    expect(buttonTitles(card).slice(-3)).toEqual(['Tillbaka', 'Spara', 'Nästa']);
    const last = at(card.body, card.body.length - 1);
    expect(last.type).toBe('ColumnSet');
    expect((last.columns as Node[]).length).toBe(3);
    const next = actions(card).find((a) => a.title === 'Nästa');
    expect(next?.style).toBe('positive');
    expect(next?.data).toEqual({
      verb: 'followup.next',
      unitId: 'amc',
      periodId: '2024-08',
      step: 'goal:hog-egenforsorjningsgrad',
      rev: 4,
      fields: ['status', 'results', 'deviations'],
    });
  });

  it('keeps texts from last month folded away behind a button, and the goal description behind another', () => {
    const card = render('goal', goalMaximal);
    const summary = ofType(card, 'TextBlock').find((b) => b.id === 'textsSummary');
    expect(summary).toMatchObject({ isVisible: true, text: goalMaximal.texts?.summary });
    expect(ofType(card, 'Container').find((c) => c.id === 'texts')).toMatchObject({ isVisible: false });
    const toggles = nodes(card)
      .map((n) => n.node)
      .filter((n) => n.type === 'Action.ToggleVisibility');
    expect(toggles.map((t) => [t.title, t.targetElements])).toEqual([
      ['Ändra texterna', ['texts', 'textsSummary']],
      ['Om målet', ['about']],
    ]);
    const open = render('goal', goalCard);
    expect(ofType(open, 'Container').find((c) => c.id === 'texts')).toMatchObject({ isVisible: true });
    expect(
      nodes(open)
        .map((n) => n.node)
        .filter((n) => n.type === 'Action.ToggleVisibility')
        .map((t) => t.title),
    ).toEqual(['Om målet']);
  });

  it('colours notices by tone', () => {
    const card = render('goal', goalMaximal);
    const blocks = ofType(card, 'TextBlock');
    expect(blocks.find((b) => b.text === goalMaximal.notices[0]?.text)).toMatchObject({
      color: 'Good',
      weight: 'Default',
      wrap: true,
    });
    expect(blocks.find((b) => b.text === goalMaximal.notices[1]?.text)).toMatchObject({
      color: 'Warning',
      weight: 'Default',
    });
    const locked = ofType(render('message', messageLocked), 'TextBlock').find(
      (b) => b.text === messageLocked.text,
    );
    expect(locked).toMatchObject({ color: 'Attention', weight: 'Bolder' });
  });

  it("puts the start card's main button before the items, each with its progress and an Öppna button", () => {
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
    const titles = buttonTitles(card);
    expect(titles[0]).toBe('Fortsätt där du slutade');
    expect(titles.indexOf('Fortsätt där du slutade')).toBeLessThan(titles.indexOf('Öppna'));
    expect(titles.filter((t) => t === 'Öppna')).toHaveLength(5);
    expect(titles.at(-1)).toBe('Granska och skicka in');
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
    expect(buttonTitles(single)).toEqual(['Visa inskickade svar', 'Öppna', 'Öppna']);
  });

  it('drops the $when parts whose data is empty', () => {
    const minimal = render('goal', goalMinimal);
    expect(texts(minimal)).not.toContain(goalCard.indicatorsTitle);
    expect(texts(minimal)).not.toContain(goalCard.notices[0]?.text);
    expect(ofType(minimal, 'Input.ChoiceSet')).toEqual([]);
    expect(ofType(minimal, 'Input.Text')).toEqual([]);
    expect(ofType(minimal, 'Input.Toggle')).toEqual([]);
    expect(texts(minimal)).not.toContain('');

    const economy = render('economy', economyCard);
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

  it('lists what is missing on the summary, folds the answers away, and offers the next unit on a receipt', () => {
    const summary = render('summary', summaryWithMissing);
    const missing = ofType(summary, 'TextBlock').filter((b) => b.color === 'Attention');
    expect(missing.map((b) => b.text)).toEqual(summaryWithMissing.missing.map((m) => `• ${m.text}`));
    expect(ofType(summary, 'FactSet')).toHaveLength(2); // the section without facts has none
    expect(ofType(summary, 'Container').find((c) => c.id === 'answers')).toMatchObject({ isVisible: false });
    expect(buttonTitles(summary)).toEqual(['Tillbaka', 'Skicka in']);

    const receipt = render('summary', summaryReceipt);
    expect(buttonTitles(receipt)).toEqual(['Fortsätt med OSA']);
    expect(
      actions(receipt)
        .filter((a) => a.type === 'Action.Execute')
        .map((a) => a.data),
    ).toEqual([{ verb: 'followup.start', unitId: 'osa', periodId: '2024-08' }]);
    expect(ofType(receipt, 'TextBlock').some((b) => b.color === 'Attention')).toBe(false);
    expect(texts(receipt)).toContain('Inskickat');
    expect(actions(render('summary', summaryReceiptLast))).toEqual([]);
  });

  it('keeps the maximal goal card well under the size limit', () => {
    const card = render('goal', goalMaximal);
    // Status and three texts, then 10 indicators with 4 inputs each.
    expect(inputs(card)).toHaveLength(4 + 10 * 4);
    expect(bytes(card)).toBeLessThan(40 * 1024);
  });
});

describe('renderer', () => {
  it('refuses a card whose model lacks a field the template uses', () => {
    const { goalName: _dropped, ...drifted } = goalCard;
    expect(() => render('goal', drifted as unknown as CardModels['goal'])).toThrow(
      /"goal".*\$\.body\[\d+\]\.text.*goalName/,
    );
    const noHeaderStep = { ...economyCard, header: { ...economyCard.header, line: undefined } };
    expect(() => render('economy', noHeaderStep as unknown as CardModels['economy'])).toThrow(/"economy"/);
  });

  it('accepts "${" typed by a user in a free text', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: what a user might type
    const typedText = 'Kostnad ${x} enligt budget';
    const texts = goalCard.texts;
    if (!texts) throw new Error('the fixture has texts');
    const typed = { ...goalCard, texts: { ...texts, results: { ...texts.results, value: typedText } } };
    const card = render('goal', typed);
    expect(ofType(card, 'Input.Text').find((i) => i.id === 'results')?.value).toBe(typedText);
  });

  it('returns independent cards that do not share objects with the model', () => {
    const first = render('goal', goalCard);
    (at(actions(first)).data as Node).verb = 'changed';
    expect(goalCard.actions[0]?.data.verb).toBe('followup.back');
    expect((at(actions(render('goal', goalCard))).data as Node).verb).toBe('followup.back');
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
