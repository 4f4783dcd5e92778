/**
 * The ethnic groups of the 2021 census of England and Wales (ONS, "Ethnic group classification
 * 2021"): five groups and their nineteen categories. Referrals record ethnicity as free text
 * today; the profile counts a referral under the group its text names, so that minority ethnic
 * groups the strategy thinks under-reported (section 2) can be seen at all.
 */
export const ETHNIC_GROUPS = {
  asian: {
    label: 'Asian, Asian British or Asian Welsh',
    categories: ['Bangladeshi', 'Chinese', 'Indian', 'Pakistani', 'Other Asian background'],
    aliases: ['Asian', 'Asian British', 'Asian Welsh', 'British Asian', 'Any other Asian background', 'Other Asian'],
  },
  black: {
    label: 'Black, Black British, Black Welsh, Caribbean or African',
    categories: ['African', 'Caribbean', 'Other Black background'],
    aliases: ['Black', 'Black British', 'Black Welsh', 'Black African', 'Black Caribbean', 'Any other Black, Black British or Caribbean background', 'Other Black'],
  },
  mixed: {
    label: 'Mixed or Multiple ethnic groups',
    categories: ['White and Asian', 'White and Black African', 'White and Black Caribbean', 'Other Mixed or Multiple ethnic background'],
    aliases: ['Mixed', 'Multiple ethnic groups', 'Mixed race', 'Dual heritage', 'Any other Mixed or Multiple ethnic background', 'Other Mixed'],
  },
  white: {
    label: 'White',
    categories: ['English, Welsh, Scottish, Northern Irish or British', 'Irish', 'Gypsy or Irish Traveller', 'Roma', 'Other White background'],
    aliases: ['White British', 'White English', 'White Welsh', 'White Scottish', 'White Irish', 'White Northern Irish', 'British', 'English', 'Welsh', 'Scottish', 'Northern Irish', 'Gypsy', 'Irish Traveller', 'Traveller', 'Any other White background', 'Other White'],
  },
  other: {
    label: 'Other ethnic group',
    categories: ['Arab', 'Any other ethnic group'],
    aliases: ['Other'],
  },
} as const;

export type EthnicGroup = keyof typeof ETHNIC_GROUPS;
export const ETHNIC_GROUP_CODES = Object.keys(ETHNIC_GROUPS) as EthnicGroup[];
/** A referral whose text names no group (left blank, erased, or words the list does not hold). */
export const NOT_CODED = 'not-coded';

/** Lower case, punctuation as spaces, one space between words: "White - Irish" and "white irish" read alike. */
const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const LOOKUP: ReadonlyMap<string, EthnicGroup> = (() => {
  const names = new Map<string, EthnicGroup>();
  for (const group of ETHNIC_GROUP_CODES) {
    const { label, categories, aliases } = ETHNIC_GROUPS[group];
    for (const name of [label, ...categories, ...aliases]) names.set(normalise(name), group);
    // As the census form writes them: the group, then the category ("White: Irish").
    for (const category of categories) names.set(normalise(`${label} ${category}`), group);
    for (const category of categories) names.set(normalise(`${group} ${category}`), group);
  }
  return names;
})();

/** The census group a free-text ethnicity names (whole text, any case), or `not-coded`. */
export function ethnicGroupOf(text: string | null | undefined): EthnicGroup | typeof NOT_CODED {
  if (!text) return NOT_CODED;
  return LOOKUP.get(normalise(text)) ?? NOT_CODED;
}
