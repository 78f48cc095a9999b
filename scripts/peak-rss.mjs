// Preloaded by `npm run bench` (node --import ./scripts/peak-rss.mjs ...): writes the process's peak resident memory,
// in KB, to the file PEAK_RSS_FILE names when the process exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));
