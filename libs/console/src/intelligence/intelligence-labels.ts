/**
 * What the intelligence API's codes mean, in the words the pages use: the intelligence context's own
 * lists (one wording everywhere), and the console's tags for the register's statuses.
 */
import * as intelligence from '@app/intelligence';

/** The intelligence context's own words for its codes, looked up by the code an API answer holds. */
const words = (list: Record<string | number, string>): Record<string, string> => list;
export const SOURCE_EVALUATIONS = words(intelligence.SOURCE_EVALUATIONS);
export const ASSESSMENTS = words(intelligence.ASSESSMENTS);
export const HANDLING_CODES = words(intelligence.HANDLING_CODES);
export const HOW_KNOWN = words(intelligence.HOW_KNOWN);
export const POLICE_OUTCOMES = words(intelligence.POLICE_OUTCOMES);
export const LINK_NATURES = words(intelligence.LINK_NATURES);
export const LOCATION_KINDS = words(intelligence.LOCATION_KINDS);
export const DISRUPTION_KINDS = words(intelligence.DISRUPTION_KINDS);

/** What an item is about, as the pages name it (the API's own wording explains the field for developers). */
export const SUBJECT_KINDS: Record<string, string> = {
  poi: 'Person of interest',
  'child-case': 'Child (their case)',
  location: 'Location',
  vehicle: 'Vehicle',
  phone: 'Phone number',
  'online-identity': 'Online identity',
};

/** The register's statuses, in the order an item moves through them, as the queue names them. */
export const STATUSES: { code: string; text: string; tag: string }[] = [
  { code: 'submitted', text: 'Awaiting grading', tag: 'govuk-tag--blue' },
  { code: 'graded', text: 'Graded', tag: 'govuk-tag--purple' },
  { code: 'sanitised', text: 'Sanitised', tag: 'govuk-tag--yellow' },
  { code: 'disseminated', text: 'Disseminated', tag: 'govuk-tag--green' },
  { code: 'acknowledged', text: 'Acknowledged by the police', tag: 'govuk-tag--turquoise' },
];

/** A record's id shortened for reading (the full id is in the link). */
export const shortId = (id: string) => id.slice(0, 8);
