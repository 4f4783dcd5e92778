import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per message a consumer has handled, written in the same read-model transaction as the
 * handler's effects: a redelivered message finds its row and changes nothing.
 */
@Entity({ name: 'processed_messages' })
export class ProcessedMessageEntity {
  /** The consumer's name. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  messageId: string;

  @Column({ type: 'varchar', length: 100 })
  messageType: string;

  /** Where it was read: topic, partition and offset. */
  @Column({ type: 'varchar', length: 300 })
  source: string;

  /**
   * When it was handled (ISO 8601, UTC: sorts as time). Indexed for pruning: records older than
   * PROCESSED_MESSAGES_RETENTION_DAYS are deleted (MessagePruner).
   */
  @Index('processed_messages_processed_at')
  @Column({ type: 'varchar', length: 30 })
  processedAt: string;
}
