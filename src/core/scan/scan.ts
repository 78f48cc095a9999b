import { deploymentUses } from './deploy';
import { readJavaScript } from './javascript';
import { languageOf, type LANGUAGES } from './languages';
import { modalUses } from './modal';
import { readPython } from './python';
import { sdkUses } from './sdk';
import type { ModelUse, ScanInput, ScanNote, ScanResult } from './types';

export { languageOf, SCANNED_EXTENSIONS } from './languages';

/** A line longer than this is generated or minified code: nobody writes an SDK call worth pricing in it. */
const MINIFIED_LINE = 5000;

/**
 * Finds model uses in files: SDK calls in Python and JavaScript/TypeScript, and deployments in YAML (Kubernetes,
 * KServe, SkyPilot, dstack) and Python (Modal). Pure: no file system, no editor; the node shell walks the tree.
 */
export function scanFiles(files: readonly ScanInput[]): ScanResult {
  const uses: ModelUse[] = [];
  const notes: ScanNote[] = [];
  for (const file of files) {
    const language = languageOf(file.path);
    if (!language) continue;
    if (language !== 'yaml' && looksMinified(file.text)) {
      notes.push({ file: file.path, message: 'minified or generated (a line over 5,000 characters): not read' });
      continue;
    }
    try {
      for (const use of usesIn(file.text, file.path, language)) uses.push({ file: file.path, ...use });
    } catch (e) {
      notes.push({ file: file.path, message: `not read: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return { uses, notes };
}

/** The uses in one file's text (positions 1-based). */
export function scanText(path: string, text: string): ModelUse[] {
  return scanFiles([{ path, text }]).uses;
}

function usesIn(text: string, path: string, language: (typeof LANGUAGES)[string]): Omit<ModelUse, 'file'>[] {
  if (language === 'yaml') return deploymentUses(text, path);
  if (language === 'python') {
    // Cheap gate: a file that names no SDK or platform is not parsed.
    if (
      !/\b(openai|anthropic|together|fal_client|replicate|google|vertexai|boto3|aioboto3|huggingface_hub|litellm|groq|mistralai|fireworks|modal)\b/.test(
        text,
      )
    )
      return [];
    const file = readPython(text);
    return [...sdkUses(file), ...modalUses(file)].sort((a, b) => a.line - b.line || a.column - b.column);
  }
  if (
    !/['"](openai|@anthropic-ai\/sdk|together-ai|@fal-ai\/[\w-]+|replicate|@google\/genai|@google\/generative-ai|@google-cloud\/vertexai|@aws-sdk\/client-bedrock-runtime|@huggingface\/inference|groq-sdk|@mistralai\/mistralai)(\/[\w./-]*)?['"]/.test(
      text,
    )
  )
    return [];
  return sdkUses(readJavaScript(text, language));
}

function looksMinified(text: string): boolean {
  if (text.length < MINIFIED_LINE) return false;
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', start)) {
    const end = i === -1 ? text.length : i;
    if (end - start > MINIFIED_LINE) return true;
    if (i === -1) return false;
    start = i + 1;
  }
}
