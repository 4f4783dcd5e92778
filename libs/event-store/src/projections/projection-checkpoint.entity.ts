import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per projection, in the read-model database. `owner`/`leaseUntil` make sure one
 * runner at a time writes a projection, across processes: every batch's transaction moves the
 * checkpoint only while its runner still holds the lease (a fencing check).
 */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  position: string;

  @Column({ type: 'integer', default: 0 })
  version: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  /** Epoch milliseconds. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  leaseUntil: number;

  @Column({ type: 'varchar', length: 30, nullable: true })
  updatedAt: string | null;

  /** How many subjects were erased when this read model was last rebuilt: it rebuilds when more are. */
  @Column({ type: 'integer', default: 0 })
  erasuresSeen: number;
}
