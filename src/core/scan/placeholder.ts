/**
 * The marker of a figure the code cannot tell: `check` names a workload with it as "volume not known" (issue 33).
 * Written as a comment after the value, so the file stays valid and the reader sees what to set. A module of its
 * own: the format reads it (format/placeholders.ts) without loading the scanner.
 */
export const PLACEHOLDER_COMMENT = 'placeholder: set it, or import a request log';
/** The figures a draft writes where the code says nothing: round, obviously not measured. */
export const PLACEHOLDER = { volume: 1000, requests: 1000, input_tokens: 1000, output_tokens: 500 } as const;
