/**
 * A small value that satisfies a JSON Schema: what a well-behaved model would return for structured
 * output. Covers the common keywords (type, enum, const, properties/required, items, minItems); strings
 * get `text`.
 */
export function sampleForSchema(schema: unknown, text: string, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return text;
  const node = schema as Record<string, unknown>;
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = node[key];
    if (Array.isArray(options) && options.length > 0) return sampleForSchema(options[0], text, depth + 1);
  }
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'object':
    case undefined: {
      if (type === undefined && !node.properties) return text;
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(node.required) ? (node.required as string[]) : Object.keys(properties);
      return Object.fromEntries(required.map((key) => [key, sampleForSchema(properties[key], text, depth + 1)]));
    }
    case 'array': {
      const count = typeof node.minItems === 'number' ? node.minItems : 1;
      return Array.from({ length: count }, () => sampleForSchema(node.items, text, depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return text;
  }
}
