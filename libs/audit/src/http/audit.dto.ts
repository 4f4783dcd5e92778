import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Equals, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested, IsDefined } from 'class-validator';

export class PublishCheckpointDto {
  @ApiPropertyOptional({ description: 'Why the checkpoint is published now', example: 'Quarterly audit, Q3' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** A checkpoint as published (GET /audit/checkpoints), sent back as kept by the auditor. */
export class CheckpointDto {
  @ApiProperty({ example: 'safeguard-audit-checkpoint/1' })
  @Equals('safeguard-audit-checkpoint/1')
  format!: 'safeguard-audit-checkpoint/1';

  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  treeSize!: number;

  @ApiProperty()
  @Matches(/^[0-9a-f]{64}$/, { message: 'rootHash must be 64 lower-case hex digits' })
  rootHash!: string;

  @ApiProperty()
  @IsString()
  @Length(0, 100)
  lastPosition!: string;

  @ApiProperty()
  @Matches(/^\d{4}-\d{2}-\d{2}T/, { message: 'issuedAt must be an ISO 8601 time' })
  issuedAt!: string;

  @ApiProperty()
  @Matches(/^[0-9a-f]{64}$/, { message: 'keyId must be 64 lower-case hex digits' })
  keyId!: string;

  @ApiProperty()
  @Matches(/^[A-Za-z0-9+/=]{20,200}$/, { message: 'publicKey must be base64' })
  publicKey!: string;

  @ApiProperty()
  @Matches(/^[A-Za-z0-9+/=]{20,200}$/, { message: 'signature must be base64' })
  signature!: string;
}

export class ProveConsistencyDto {
  @ApiProperty({ type: CheckpointDto, description: 'The earlier checkpoint the auditor kept' })
  @IsDefined()
  @ValidateNested()
  @Type(() => CheckpointDto)
  from!: CheckpointDto;

  @ApiPropertyOptional({ type: CheckpointDto, description: 'The later checkpoint; default the latest published' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CheckpointDto)
  to?: CheckpointDto;
}

export const TRAIL_ENTRIES = ['change', 'access'] as const;
