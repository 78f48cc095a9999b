import { FINDING_CODES, type Finding } from '../findings/types';
import { LIMITS } from './schema';

export type Decoded = { ok: true; text: string } | { ok: false; text: string; finding: Finding };

const utf8 = new TextEncoder();

/** Bytes of text as UTF-8: the size limit counts bytes, whether the text came from disk or from an editor. */
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

export function tooLargeFinding(bytes: number): Finding | undefined {
  if (bytes <= LIMITS.maxFileBytes) return undefined;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return {
    code: FINDING_CODES.fileTooLarge,
    severity: 'error',
    message: `The file is ${mb(bytes)} MB; files over ${mb(LIMITS.maxFileBytes)} MB are not analysed.`,
    range: { start: 0, end: 0 },
  };
}

/** A file's bytes as strict UTF-8. Too large or not UTF-8 is a finding at its place, never a guess at the text. */
export function decodeFile(bytes: Uint8Array): Decoded {
  const tooLarge = tooLargeFinding(bytes.length);
  if (tooLarge) return { ok: false, text: '', finding: tooLarge };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const offset = Math.max(0, lossy.indexOf('\uFFFD'));
    const finding: Finding = {
      code: FINDING_CODES.invalidEncoding,
      severity: 'error',
      message: 'The file is not valid UTF-8 (first bad byte here); save it as UTF-8.',
      range: { start: offset, end: offset + 1 },
    };
    return { ok: false, text: lossy, finding };
  }
}
