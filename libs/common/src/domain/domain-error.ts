/**
 * A rule of the domain refused a command. `code` is stable for clients; the HTTP layer maps
 * `status`. Messages name identifiers and rules only, never personal data. No framework
 * imports here: deciders throw it.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: 403 | 404 | 409 | 422 = 422,
    /** Each field at fault and what is wrong with it (names only, never the value). */
    readonly errors?: readonly { field: string; problems: string[] }[],
  ) {
    super(message);
  }
}
