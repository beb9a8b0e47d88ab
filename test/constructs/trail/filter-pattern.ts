/**
 * A parser of CloudWatch Logs JSON filter patterns, as documented in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * (section "Using filter patterns to match terms in JSON log events"), for tests only:
 *
 *   pattern    := '{' expression '}'
 *   expression := term (('&&' | '||') term)*
 *   term       := '(' expression ')' | comparison
 *   comparison := selector ( ('=' | '!=') value
 *                          | ('<' | '>' | '<=' | '>=') number
 *                          | 'IS' ('NULL' | 'TRUE' | 'FALSE')
 *                          | 'NOT' 'EXISTS' )
 *   selector   := '$' ('.' name | '.*' | '[' digits ']' | '[*]')+
 *   value      := '"' quoted string '"' | number | unquoted string (letters, digits, '*' wildcards, '_', '-', '.', ':', '/', '@')
 *
 * and the service's limit: a filter pattern is at most 1024 characters
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html).
 * Returns the problem, or undefined when the pattern parses.
 */
export function filterPatternProblem(pattern: string): string | undefined {
  if (pattern.length > 1024) return `${pattern.length} characters; a filter pattern is at most 1024`;
  let tokens: string[];
  try {
    tokens = tokenize(pattern);
  } catch (e) {
    return (e as Error).message;
  }
  let i = 0;
  const peek = () => tokens[i];
  const take = (what: string) => {
    if (tokens[i] !== what) throw new Error(`expected '${what}' at token ${i}, found '${tokens[i] ?? 'the end'}'`);
    i++;
  };
  const SELECTOR = /^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\.\*|\[\d+\]|\[\*\])+$/;
  const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
  const STRING = /^("(?:[^"\\]|\\.)*"|[A-Za-z0-9_*.:/@-]+)$/;
  const KEYWORDS = new Set(['IS', 'NOT', 'EXISTS', 'NULL', 'TRUE', 'FALSE', '&&', '||', '(', ')', '{', '}', '=', '!=', '<', '>', '<=', '>=']);
  const comparison = () => {
    const selector = tokens[i++];
    if (selector === undefined || !SELECTOR.test(selector)) throw new Error(`expected a selector ($.field) at token ${i - 1}, found '${selector ?? 'the end'}'`);
    const op = tokens[i++];
    if (op === '=' || op === '!=') {
      const value = tokens[i++];
      if (value === undefined || KEYWORDS.has(value) || !(STRING.test(value) || NUMBER.test(value))) throw new Error(`expected a value after ${selector} ${op}, found '${value ?? 'the end'}'`);
    } else if (op === '<' || op === '>' || op === '<=' || op === '>=') {
      const value = tokens[i++];
      if (value === undefined || !NUMBER.test(value)) throw new Error(`expected a number after ${selector} ${op}, found '${value ?? 'the end'}'`);
    } else if (op === 'IS') {
      const value = tokens[i++];
      if (!['NULL', 'TRUE', 'FALSE'].includes(value)) throw new Error(`expected NULL, TRUE or FALSE after ${selector} IS, found '${value ?? 'the end'}'`);
    } else if (op === 'NOT') {
      take('EXISTS');
    } else {
      throw new Error(`expected an operator after ${selector}, found '${op ?? 'the end'}'`);
    }
  };
  const term = (): void => {
    if (peek() === '(') {
      take('(');
      expression();
      take(')');
    } else {
      comparison();
    }
  };
  const expression = (): void => {
    term();
    while (peek() === '&&' || peek() === '||') {
      i++;
      term();
    }
  };
  try {
    take('{');
    expression();
    take('}');
    if (i !== tokens.length) throw new Error(`unexpected '${tokens[i]}' after the closing brace`);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

function tokenize(pattern: string): string[] {
  const tokens: string[] = [];
  const TOKEN = /\s*("(?:[^"\\]|\\.)*"|&&|\|\||!=|<=|>=|[{}()=<>]|\$[^\s=!<>()&|{}]*|[A-Za-z0-9_*.:/@-]+)/y;
  let at = 0;
  while (at < pattern.length) {
    if (/^\s*$/.test(pattern.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(pattern);
    if (!m) throw new Error(`unexpected character '${pattern.slice(at).trim()[0]}' at ${at}`);
    tokens.push(m[1]);
    at = TOKEN.lastIndex;
  }
  return tokens;
}
