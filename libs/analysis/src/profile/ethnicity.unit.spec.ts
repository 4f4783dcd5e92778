import { ETHNIC_GROUPS, ETHNIC_GROUP_CODES, NOT_CODED, ethnicGroupOf } from './ethnicity';

describe('coding free-text ethnicity to the 2021 census groups', () => {
  it('holds the five groups and nineteen categories of the 2021 census of England and Wales', () => {
    expect(ETHNIC_GROUP_CODES).toEqual(['asian', 'black', 'mixed', 'white', 'other']);
    expect(ETHNIC_GROUP_CODES.reduce((sum, group) => sum + ETHNIC_GROUPS[group].categories.length, 0)).toBe(19);
  });

  it.each([
    ['Pakistani', 'asian'],
    ['BANGLADESHI', 'asian'],
    ['Asian, Asian British or Asian Welsh', 'asian'],
    ['Caribbean', 'black'],
    ['black african', 'black'],
    ['White and Black Caribbean', 'mixed'],
    ['mixed race', 'mixed'],
    ['White British', 'white'],
    ['  white - irish ', 'white'],
    ['White: Roma', 'white'],
    ['Gypsy or Irish Traveller', 'white'],
    ['Arab', 'other'],
    ['Any other ethnic group', 'other'],
  ])('codes %p as %s', (text, group) => {
    expect(ethnicGroupOf(text)).toBe(group);
  });

  it.each([[undefined], [null], [''], ['[erased]'], ['prefers not to say'], ['Whiteish'], ['Asian and something else']])('leaves %p not coded', (text) => {
    expect(ethnicGroupOf(text)).toBe(NOT_CODED);
  });
});
