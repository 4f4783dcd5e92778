import type { SourceDetails } from './intelligence-item.events';

export type SourceIdentifierFound = 'name' | 'part of the name' | 'identifier' | 'contact';

/** Words of a name that identify nobody on their own. */
const NOT_IDENTIFYING = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'the', 'and', 'van', 'von', 'der', 'den', 'del']);

const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const digits = (text: string) => text.replace(/\D/g, '');

/** `needle` as a whole word or phrase of `haystack` (both folded), whatever the spacing. */
function containsPhrase(haystack: string, needle: string): boolean {
  const folded = fold(needle);
  if (!folded) return false;
  const pattern = folded.split(' ').map(escape).join('\\s+');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${pattern}($|[^\\p{L}\\p{N}])`, 'u').test(haystack);
}

/** A number (phone, reference) written with other separators: compared digit for digit. */
function containsNumber(haystack: string, needle: string): boolean {
  const wanted = digits(needle);
  return wanted.length >= 6 && digits(haystack).includes(wanted);
}

/**
 * What of the source's recorded details a text would disclose (case-insensitive): the name, any
 * part of it of three letters or more (a first name alone identifies), any other identifier, the
 * contact. Answers kinds only, never the values: they are the source's personal data.
 */
export function sourceIdentifiersIn(text: string, source: SourceDetails): SourceIdentifierFound[] {
  const haystack = fold(text);
  const found = new Set<SourceIdentifierFound>();
  if (containsPhrase(haystack, source.name)) found.add('name');
  else if (namePartsOf(source.name).some((part) => containsPhrase(haystack, part))) found.add('part of the name');
  for (const identifier of source.otherIdentifiers) {
    if (containsPhrase(haystack, identifier) || containsNumber(text, identifier)) found.add('identifier');
  }
  if (source.contact && (containsPhrase(haystack, source.contact) || containsNumber(text, source.contact))) found.add('contact');
  return [...found];
}

function namePartsOf(name: string): string[] {
  return fold(name)
    .split(' ')
    .map((part) => part.replace(/[^\p{L}'-]/gu, ''))
    .filter((part) => part.replace(/[^\p{L}]/gu, '').length >= 3 && !NOT_IDENTIFYING.has(part));
}
