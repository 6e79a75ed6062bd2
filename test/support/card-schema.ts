/**
 * The Adaptive Card 1.5 schema as the tests validate against it: the copy vendored in
 * `deployment/schemas/` (see its README), compiled once per test file that asks for it.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

export const CARD_SCHEMA_URL = new URL(
  '../../deployment/schemas/adaptive-card-1.5.schema.json',
  import.meta.url,
);

/** A validator for Adaptive Cards 1.5. */
export function cardValidator(): ValidateFunction {
  // Cards use no URLs; accepting the two formats keeps Ajv from warning that it does not know them.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { uri: true, 'uri-reference': true } });
  ajv.addMetaSchema(draft06);
  // The schema names itself with draft-04's `id`, which Ajv 8 refuses; it is the same as `$id`.
  const { id, ...schema } = JSON.parse(readFileSync(CARD_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
  return ajv.compile({ ...schema, $id: String(id) });
}
