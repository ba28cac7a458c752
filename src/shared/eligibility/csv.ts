// Splits one CSV line into fields: double-quoted fields, doubled quotes inside them, and a trailing CR.
export function splitCsvLine(line: string): string[] {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Column positions by header name (case-insensitive): the first of `names` present, or -1. */
export function columnIndex(header: readonly string[], names: readonly string[]): number {
  const lower = header.map((name) => name.trim().toLowerCase());
  for (const name of names) {
    const index = lower.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}
