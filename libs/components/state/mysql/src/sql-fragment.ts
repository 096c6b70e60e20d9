/**
 * A piece of SQL with its `?` placeholders' values in order, so statements can be composed from
 * parts without counting placeholders by hand.
 *
 * @internal
 */
export class SqlFragment {
  readonly sql: string;
  readonly values: readonly unknown[];

  constructor(sql: string, values: readonly unknown[] = []) {
    this.sql = sql;
    this.values = values;
  }
}

/** Trusted SQL text (validated identifiers, keywords), inserted as is. */
export function raw(text: string): SqlFragment {
  return new SqlFragment(text);
}

/** A MySQL identifier in backticks; callers pass only names validated by the metadata parser. */
export function identifier(...names: string[]): SqlFragment {
  return raw(names.map((name) => `\`${name}\``).join('.'));
}

/**
 * Tagged template: a SqlFragment is inlined with its values, anything else becomes a `?`
 * placeholder bound to that value.
 */
export function sql(strings: TemplateStringsArray, ...parts: unknown[]): SqlFragment {
  let text = strings[0] ?? '';
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (part instanceof SqlFragment) {
      text += part.sql;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1] ?? '';
  });
  return new SqlFragment(text, values);
}
