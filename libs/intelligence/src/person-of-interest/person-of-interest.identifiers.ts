import type { PoiAddress, PoiIdentifiers, PoiLocation, PoiName, PoiOnlineIdentity, PoiVehicle } from './person-of-interest.events';

/**
 * How identifiers are told apart: the same identifier written differently (case, spacing,
 * punctuation; a phone number's separators; a handle's leading @) is one identifier. Pure.
 */
const collapse = (text: string) => text.trim().replace(/\s+/g, ' ');
const words = (text: string) =>
  collapse(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

export const nameKey = (n: PoiName) => words(n.name);
export const addressKey = (a: PoiAddress) => `${words(a.address)}|${postcode(a.postcode) ?? ''}`;
export const vehicleKey = (v: PoiVehicle) => registration(v.registration);
export const phoneKey = (p: string) => p.replace(/[^\d+]/g, '').replace(/^\+/, '00');
export const onlineKey = (o: PoiOnlineIdentity) => `${words(o.platform)}|${o.handle.trim().replace(/^@/, '').toLowerCase()}`;

/**
 * A place's key in the link graph: its kind and name as written, case, spacing and punctuation
 * aside, with the postcode when one is given. Two links reach the same location node when their
 * keys are equal.
 */
export function locationKey(location: PoiLocation): string {
  const code = postcode(location.postcode);
  return `${location.kind}:${words(location.name)}${code ? `|${code}` : ''}`;
}

function postcode(value?: string): string | undefined {
  const code = value?.replace(/\s+/g, '').toUpperCase();
  return code ? code : undefined;
}

/** A UK postcode's usual form: capitals, one space before the inward code (RG12 1AA). */
export function displayPostcode(value?: string): string | undefined {
  const code = postcode(value);
  return code && /^[A-Z0-9]{5,7}$/.test(code) ? `${code.slice(0, -3)} ${code.slice(-3)}` : code;
}

function registration(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

function unique<T>(items: readonly T[], key: (item: T) => string, known: ReadonlySet<string> = new Set()): T[] {
  const seen = new Set(known);
  return items.filter((item) => {
    const k = key(item);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Trimmed, each identifier once, blanks dropped; registrations and postcodes in capitals. */
export function cleanIdentifiers(input: Partial<PoiIdentifiers>): PoiIdentifiers {
  return {
    names: unique(
      (input.names ?? []).map((n) => ({ name: collapse(n.name), kind: n.kind })),
      nameKey,
    ),
    ...(input.dateOfBirth ? { dateOfBirth: input.dateOfBirth } : {}),
    ...(input.approximateAge !== undefined ? { approximateAge: input.approximateAge } : {}),
    ...(input.gender ? { gender: input.gender } : {}),
    addresses: unique(
      (input.addresses ?? []).map((a) => ({ address: collapse(a.address), ...(displayPostcode(a.postcode) ? { postcode: displayPostcode(a.postcode) } : {}) })),
      addressKey,
    ),
    vehicles: unique(
      (input.vehicles ?? []).map((v) => ({ registration: registration(v.registration), ...(v.description?.trim() ? { description: collapse(v.description) } : {}) })),
      vehicleKey,
    ),
    phoneNumbers: unique((input.phoneNumbers ?? []).map(collapse), phoneKey),
    onlineIdentities: unique(
      (input.onlineIdentities ?? []).map((o) => ({ platform: collapse(o.platform), handle: o.handle.trim() })),
      onlineKey,
    ),
  };
}

/** Of `added`, what `current` does not hold yet (lists) or does not know yet (single values). */
export function newIdentifiers(current: PoiIdentifiers, added: PoiIdentifiers): Partial<PoiIdentifiers> {
  const fresh: Partial<PoiIdentifiers> = {
    names: unique(added.names, nameKey, new Set(current.names.map(nameKey))),
    addresses: unique(added.addresses, addressKey, new Set(current.addresses.map(addressKey))),
    vehicles: unique(added.vehicles, vehicleKey, new Set(current.vehicles.map(vehicleKey))),
    phoneNumbers: unique(added.phoneNumbers, phoneKey, new Set(current.phoneNumbers.map(phoneKey))),
    onlineIdentities: unique(added.onlineIdentities, onlineKey, new Set(current.onlineIdentities.map(onlineKey))),
  };
  if (added.dateOfBirth && !current.dateOfBirth) fresh.dateOfBirth = added.dateOfBirth;
  if (added.approximateAge !== undefined && current.approximateAge === undefined && !current.dateOfBirth) fresh.approximateAge = added.approximateAge;
  if (added.gender && (!current.gender || current.gender === 'not-known') && added.gender !== current.gender) fresh.gender = added.gender;
  return Object.fromEntries(Object.entries(fresh).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined))) as Partial<PoiIdentifiers>;
}

/** `current` with `added` folded in (lists appended, single values filled when unknown). */
export function withIdentifiers(current: PoiIdentifiers, added: Partial<PoiIdentifiers>): PoiIdentifiers {
  const fresh = newIdentifiers(current, cleanIdentifiers(added));
  return {
    ...current,
    ...(fresh.dateOfBirth ? { dateOfBirth: fresh.dateOfBirth } : {}),
    ...(fresh.approximateAge !== undefined ? { approximateAge: fresh.approximateAge } : {}),
    ...(fresh.gender ? { gender: fresh.gender } : {}),
    names: [...current.names, ...(fresh.names ?? [])],
    addresses: [...current.addresses, ...(fresh.addresses ?? [])],
    vehicles: [...current.vehicles, ...(fresh.vehicles ?? [])],
    phoneNumbers: [...current.phoneNumbers, ...(fresh.phoneNumbers ?? [])],
    onlineIdentities: [...current.onlineIdentities, ...(fresh.onlineIdentities ?? [])],
  };
}

export const NO_IDENTIFIERS: PoiIdentifiers = { names: [], addresses: [], vehicles: [], phoneNumbers: [], onlineIdentities: [] };

/** Conflicting single values: a different date of birth or gender than the one on record. */
export function conflictingIdentifiers(current: PoiIdentifiers, added: Partial<PoiIdentifiers>): string[] {
  const conflicts: string[] = [];
  if (added.dateOfBirth && current.dateOfBirth && added.dateOfBirth !== current.dateOfBirth) conflicts.push('dateOfBirth');
  if (added.gender && added.gender !== 'not-known' && current.gender && current.gender !== 'not-known' && added.gender !== current.gender) conflicts.push('gender');
  return conflicts;
}
