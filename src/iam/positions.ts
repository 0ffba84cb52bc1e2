/**
 * @module iam/positions — where each statement of a policy sits in its JSON text.
 *
 * `MatchedStatements[].StartPosition` / `EndPosition` of the IAM simulator. AWS's documented
 * example (`aws iam simulate-custom-policy`, policy on one line, statement object from the 37th to
 * the 166th character) answers Start {Line 1, Column 38} and End {Line 1, Column 167}: lines are
 * 1-based and the column is the 1-based column just past the statement's opening and closing
 * brace. rolegate reproduces that rule. The text is valid JSON (it was parsed before), so a small
 * scanner that skips strings and counts nesting is enough.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: Position;
  readonly end: Position;
}

/** Spans of the statements in document order (index = statement index); empty when not found. */
export function statementSpans(text: string): StatementSpan[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) lineStarts.push(i + 1);
  const positionAfter = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 2 };
  };

  let i = 0;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  /** Skips one JSON value starting at `i`; returns [start, end] offsets of it (end inclusive). */
  const skipValue = (): [number, number] => {
    skipWs();
    const start = i;
    if (text[i] === '"') {
      skipString();
      return [start, i - 1];
    }
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      while (i < text.length) {
        const c = text[i];
        if (c === '"') {
          skipString();
          continue;
        }
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) {
            i++;
            return [start, i - 1];
          }
        }
        i++;
      }
      return [start, i - 1];
    }
    while (i < text.length && !/[\s,}\]]/.test(text[i] as string)) i++;
    return [start, i - 1];
  };
  const span = ([start, end]: [number, number]): StatementSpan => ({ start: positionAfter(start), end: positionAfter(end) });

  skipWs();
  if (text[i] !== '{') return [];
  i++;
  for (;;) {
    skipWs();
    if (text[i] !== '"') return [];
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    skipWs();
    if (text[i] !== ':') return [];
    i++;
    skipWs();
    if (key === 'Statement') {
      if (text[i] === '{') return [span(skipValue())];
      if (text[i] !== '[') return [];
      i++;
      const spans: StatementSpan[] = [];
      for (;;) {
        skipWs();
        if (text[i] === ']') return spans;
        spans.push(span(skipValue()));
        skipWs();
        if (text[i] === ',') i++;
        else return spans;
      }
    }
    skipValue();
    skipWs();
    if (text[i] === ',') i++;
    else return [];
  }
}
