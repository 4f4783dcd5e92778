import { ProjectionFailingError } from '@app/event-store';
import { DomainError } from '../domain/domain-error';

/**
 * What a read answers when the read model has not reached its `consistentWith` position in time:
 * 409 with `message`, or, when the projection is failing, that (503 naming it) at once.
 */
export function notYetConsistent(message: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof ProjectionFailingError) throw error;
    throw new DomainError(message, 'not-yet-consistent', 409);
  };
}

/** For reads that go on with what the read model holds after a wait: only a failing projection stops them. */
export function unlessFailing(error: unknown): void {
  if (error instanceof ProjectionFailingError) throw error;
}
