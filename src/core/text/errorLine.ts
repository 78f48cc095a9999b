/** An error's first line, at most 200 characters: enough to say what went wrong in one line of a report. */
export function errorLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
}
