import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** An instant: ISO 8601 date and time with a zone, within bounds (shared by every DTO). */
export { IsInstant } from '@app/common';

/** Short free texts (push and pull factors). */
export function IsShortTexts() {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(200, { each: true }),
  );
}
