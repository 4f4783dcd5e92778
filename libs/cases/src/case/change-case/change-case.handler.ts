import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams } from '@app/common';
import { CaseCommandResult, caseStream } from '../case.stream';
import { ChangeCaseCommand } from './change-case.command';

@CommandHandler(ChangeCaseCommand)
export class ChangeCaseHandler implements ICommandHandler<ChangeCaseCommand, CaseCommandResult> {
  constructor(private readonly streams: CommandStreams) {}

  execute({ caseId, change, context }: ChangeCaseCommand): Promise<CaseCommandResult> {
    return this.streams.handle(caseStream, caseId, change, context);
  }
}
