/**
 * A template literal written out as one flat string. `${a} and ${b}` keeps a tree of every piece for as long as
 * the result lives; messages kept for each of thousands of workloads are worth the one copy `join` makes.
 */
export function flat(strings: TemplateStringsArray, ...values: unknown[]): string {
  const parts: string[] = [strings[0]!];
  for (let i = 0; i < values.length; i++) parts.push(String(values[i]), strings[i + 1]!);
  return parts.join('');
}
