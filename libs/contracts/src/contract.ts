/**
 * An integration message: a versioned JSON document that leaves or enters a board (DESIGN.md,
 * "Messaging"). Internal events never leave; these do. A new meaning or shape is a new
 * version (a new `type`), never an edit of a published one.
 */
export interface MessageContract<T> {
  /** `<name>.v<version>`, e.g. `intelligence-disseminated.v1`; also the Kafka `message-type` header. */
  readonly type: string;
  readonly name: string;
  readonly version: number;
  /** One line: what the message says and who sends it. */
  readonly description: string;
  /**
   * Checks a parsed JSON value against the contract. On failure every problem is listed, each
   * naming the field (`grading.conditions: ...`), never its value: values may be personal data.
   */
  validate(value: unknown): ValidationResult<T>;
  /** A valid message, as documented in libs/contracts/README.md. */
  readonly example: T;
}

export type ValidationResult<T> = { ok: true; value: T; errors: [] } | { ok: false; errors: string[] };

/** Every message this library defines carries its own id: consumers are idempotent by it. */
export interface IdentifiedMessage {
  messageId: string;
}

export function defineContract<T extends IdentifiedMessage>(definition: {
  name: string;
  version: number;
  description: string;
  check: (value: unknown, errors: FieldErrors) => void;
  example: T;
}): MessageContract<T> {
  return {
    type: `${definition.name}.v${definition.version}`,
    name: definition.name,
    version: definition.version,
    description: definition.description,
    example: definition.example,
    validate(value: unknown): ValidationResult<T> {
      const errors = new FieldErrors();
      definition.check(value, errors);
      return errors.list.length === 0 ? { ok: true, value: value as T, errors: [] } : { ok: false, errors: [...errors.list] };
    },
  };
}

/** Collects problems, each as `path: what is wrong`. */
export class FieldErrors {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path || '(message)'}: ${problem}`);
  }
}
