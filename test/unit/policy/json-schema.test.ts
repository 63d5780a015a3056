import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { policyJsonSchema } from '../../../src/cli/commands/policy.js';

describe('policy JSON Schema', () => {
  it('is committed up to date (npm run build:schema)', () => {
    expect(JSON.parse(readFileSync('schema/policy.schema.json', 'utf8'))).toEqual(policyJsonSchema());
  });

  it('accepts the example policies and rejects an unknown field', () => {
    const validate = new Ajv2020({ strict: false }).compile(policyJsonSchema());
    for (const file of ['examples/policies/fault-drill.yaml', 'examples/policies/support-inbox.yaml']) {
      expect(validate(parse(readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(
      validate({ version: 'x', providers: {}, models: {}, routes: [{ name: 'r', primary: 'm', colour: 'blue' }] }),
    ).toBe(false);
  });
});
