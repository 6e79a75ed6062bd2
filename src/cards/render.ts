/**
 * Expands the card templates in `cards/` with their data models (see models.ts).
 *
 * Templates use `adaptivecards-templating`; the builders have already formatted every text, so a
 * template only places data. A template/model mismatch shows up as an unexpanded `${…}` (the
 * templating library leaves missing fields as their binding expression), and `render` refuses such
 * a card instead of sending it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Template } from 'adaptivecards-templating';
import { escapeMarkdown } from '../shared/user-text.js';
import type { CardModels, CardName } from './models.js';

/** An Adaptive Card as plain JSON. */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: unknown[];
  readonly actions?: unknown[];
  readonly [key: string]: unknown;
}

export interface CardAttachment {
  readonly contentType: 'application/vnd.microsoft.card.adaptive';
  readonly content: AdaptiveCard;
}

export interface RenderOptions {
  /**
   * `execute` (default): `Action.Execute` buttons with an `Action.Submit` fallback (Teams).
   * `submit`: every `Action.Execute` becomes an `Action.Submit` whose `data` carries the verb, for
   * clients without the Universal Action Model (e.g. Web Chat, the Emulator).
   */
  readonly actions?: 'execute' | 'submit';
}

export interface CardRenderer {
  render<N extends CardName>(name: N, data: CardModels[N], options?: RenderOptions): AdaptiveCard;
}

// A record, so that a card added to `CardModels` without a template here fails to compile.
const templateFiles: Readonly<Record<CardName, true>> = {
  welcome: true,
  help: true,
  message: true,
  start: true,
  goal: true,
  economy: true,
  assignments: true,
  figures: true,
  summary: true,
  'report-summary': true,
  'leader-prognosis': true,
  'leader-goal': true,
  'leader-economy': true,
  'leader-missing': true,
  'leader-decide': true,
  'leader-choice': true,
  'controller-committee': true,
  'controller-bokslut': true,
};

/** Every card template (`cards/<name>.json`), in the order of `CardModels`. */
export const cardNames = Object.keys(templateFiles) as readonly CardName[];

type TemplateClass = typeof Template;

/**
 * The templating engine (with adaptive-expressions) is loaded on the first card rendered, not at
 * start: it is CommonJS, so a synchronous require keeps `render` synchronous.
 */
function loadTemplateEngine(): TemplateClass {
  return (createRequire(import.meta.url)('adaptivecards-templating') as { Template: TemplateClass }).Template;
}

/** A renderer with its own template cache: each template file is read and parsed once. */
export function createCardRenderer(): CardRenderer {
  const templates = new Map<CardName, Template>();
  let engine: TemplateClass | undefined;

  function template(name: CardName): Template {
    let found = templates.get(name);
    if (!found) {
      const url = new URL(`../../cards/${name}.json`, import.meta.url);
      const json: unknown = JSON.parse(readFileSync(url, 'utf8'));
      engine ??= loadTemplateEngine();
      found = new engine(json);
      templates.set(name, found);
    }
    return found;
  }

  return {
    render(name, data, options) {
      const expanded: unknown = template(name).expand({ $root: data });
      // The library hands out references into `data` for whole-object bindings (`"data": "${data}"`);
      // a deep copy keeps the card independent of the (read-only) model.
      const card: unknown = structuredClone(expanded);
      if (!isAdaptiveCard(card)) {
        throw new Error(`Card template "${name}" did not expand to an AdaptiveCard`);
      }
      assertFullyExpanded(name, card, literalExpressionsIn(data));
      const inert = escapeMarkdownTexts(card) as AdaptiveCard;
      return options?.actions === 'submit' ? (toSubmitActions(inert) as AdaptiveCard) : inert;
    },
  };
}

/** The Bot Framework attachment for a card (a plain object; no botbuilder import needed). */
export function cardAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}

function isAdaptiveCard(value: unknown): value is AdaptiveCard {
  return (
    isRecord(value) &&
    value.type === 'AdaptiveCard' &&
    typeof value.version === 'string' &&
    Array.isArray(value.body)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Strings of the model that themselves contain `${` (a user may type that in a free text). They
 * pass through templating untouched and are not a sign of a template/model mismatch.
 */
function literalExpressionsIn(data: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (node.includes('${')) found.push(node);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (isRecord(node)) {
      for (const value of Object.values(node)) visit(value);
    }
  };
  visit(data);
  // Longest first, so a literal that contains another one is removed whole.
  return found.sort((a, b) => b.length - a.length);
}

function assertFullyExpanded(name: CardName, card: AdaptiveCard, literals: readonly string[]): void {
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      if (!node.includes('${')) return;
      let rest = node;
      for (const literal of literals) rest = rest.split(literal).join('');
      if (rest.includes('${')) {
        throw new Error(
          `Card template "${name}" left an unexpanded expression at ${path}: ${JSON.stringify(node)} ` +
            '(the template and the model in src/cards/models.ts disagree)',
        );
      }
    } else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, `${path}[${index}]`);
    } else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key.includes('${'))
          throw new Error(`Card template "${name}" left an expression in a key at ${path}`);
        visit(value, `${path}.${key}`);
      }
    }
  };
  visit(card, '$');
}

/**
 * Every text a client renders as markdown (TextBlock text, fact titles and values) shows literally:
 * models carry plain text, much of it typed by people, and no card means to format any of it.
 * Input values and choices are not markdown and stay as they are.
 */
function escapeMarkdownTexts(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(escapeMarkdownTexts);
  if (!isRecord(node)) return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) result[key] = escapeMarkdownTexts(value);
  if (result.type === 'TextBlock' && typeof result.text === 'string') {
    result.text = escapeMarkdown(result.text);
  }
  if (result.type === 'FactSet' && Array.isArray(result.facts)) {
    result.facts = result.facts.map((fact: unknown) =>
      isRecord(fact)
        ? {
            ...fact,
            ...(typeof fact.title === 'string' ? { title: escapeMarkdown(fact.title) } : {}),
            ...(typeof fact.value === 'string' ? { value: escapeMarkdown(fact.value) } : {}),
          }
        : fact,
    );
  }
  return result;
}

/** Replaces every `Action.Execute` (anywhere in the card) with an equivalent `Action.Submit`. */
function toSubmitActions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toSubmitActions);
  if (!isRecord(node)) return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) result[key] = toSubmitActions(value);
  if (result.type !== 'Action.Execute') return result;

  const { verb, fallback: _fallback, ...rest } = result;
  const data = isRecord(rest.data) ? rest.data : {};
  return {
    ...rest,
    type: 'Action.Submit',
    data: typeof verb === 'string' && data.verb === undefined ? { ...data, verb } : data,
  };
}
