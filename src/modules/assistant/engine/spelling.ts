import { createRequire } from 'node:module';
import { commonWords } from './common-words.js';
import { editDistance } from './text.js';

/**
 * Typos in questions ("on tiem rate last mnoth", "Meadowbrok", "lanse by volumne"), corrected
 * before anything else reads the question: a word that is neither English (an-array-of-english-
 * words, ~275k words) nor a word of the lexicon becomes the lexicon's or the time vocabulary's
 * closest word, when one is clearly closest (one typo; two for words of eight letters or more;
 * a swap of neighbours counts as one). An English word is never changed ("move" stays "move",
 * not "mode"): it may be what the person meant.
 */
const timeWords = `january february march april may june july august september october november
  december jan feb mar apr jun jul aug sep sept oct nov dec day days week weeks month months
  quarter quarters year years today yesterday last this next previous past since between until
  daily weekly monthly quarterly yearly annual ytd mtd qtd`.split(/\s+/);

let english: ReadonlySet<string> | undefined;
function englishWords(): ReadonlySet<string> {
  if (!english) {
    const require = createRequire(import.meta.url);
    english = new Set(require('an-array-of-english-words/index.json') as string[]);
  }
  return english;
}

const pools = new WeakMap<ReadonlySet<string>, Map<number, string[]>>();

function poolOf(words: ReadonlySet<string>): Map<number, string[]> {
  const cached = pools.get(words);
  if (cached) return cached;
  const byLength = new Map<number, string[]>();
  for (const word of [...words, ...timeWords]) {
    if (word.length < 3 || /\d/.test(word)) continue;
    const list = byLength.get(word.length) ?? [];
    if (!list.includes(word)) list.push(word);
    byLength.set(word.length, list);
  }
  pools.set(words, byLength);
  return byLength;
}

/** Whether a folded word is one of questions' everyday words or a word of dates. */
export function isEveryday(word: string): boolean {
  return commonWords.has(word) || timeWords.includes(word);
}

/** Whether a folded word is an English word or a word of dates. */
export function isEnglish(word: string): boolean {
  return commonWords.has(word) || timeWords.includes(word) || englishWords().has(word);
}

/** The corrected text (same length per word is not kept: offsets change) and what was changed. */
export function correctSpelling(
  folded: string,
  words: ReadonlySet<string>,
): { text: string; corrections: string[] } {
  const corrections: string[] = [];
  const known = (w: string) =>
    words.has(w) || commonWords.has(w) || timeWords.includes(w) || englishWords().has(w);
  const text = folded.replace(/[a-z]{4,}/g, (word) => {
    if (known(word)) return word;
    const corrected = closest(word, poolOf(words));
    if (!corrected) return word;
    corrections.push(`${word} → ${corrected}`);
    return corrected;
  });
  return { text, corrections };
}

function closest(word: string, pool: Map<number, string[]>): string | undefined {
  const max = word.length >= 8 ? 2 : 1;
  let best: string[] = [];
  let bestDistance = max + 1;
  for (let length = word.length - max; length <= word.length + max; length++) {
    for (const candidate of pool.get(length) ?? []) {
      const distance = editDistance(word, candidate, max);
      if (distance > max || (word.length === 4 && distance > 0 && isSubstitution(word, candidate))) continue;
      if (distance < bestDistance) {
        best = [candidate];
        bestDistance = distance;
      } else if (distance === bestDistance) best.push(candidate);
    }
  }
  if (best.length <= 1) return best[0];
  // Ties: the same first letter, then the same length ("lanse" is "lanes", not "lane").
  const sameStart = best.filter((c) => c[0] === word[0]);
  const pick = sameStart.length > 0 ? sameStart : best;
  const sameLength = pick.filter((c) => c.length === word.length);
  const final = sameLength.length > 0 ? sameLength : pick;
  return final.length === 1 ? final[0] : undefined;
}

/** Four-letter words: one letter changed for another is too often another word ("move", "mode"). */
function isSubstitution(word: string, candidate: string): boolean {
  if (word.length !== candidate.length) return false;
  return [...word].sort().join('') !== [...candidate].sort().join('');
}
