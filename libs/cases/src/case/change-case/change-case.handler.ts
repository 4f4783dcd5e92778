import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandExecutor, CaseCommandResult } from '../case-command.executor';
import { ChangeCaseCommand } from './change-case.command';

@CommandHandler(ChangeCaseCommand)
export class ChangeCaseHandler implements ICommandHandler<ChangeCaseCommand, CaseCommandResult> {
  constructor(private readonly cases: CaseCommandExecutor) {}

  execute({ caseId, change, context }: ChangeCaseCommand): Promise<CaseCommandResult> {
    return this.cases.execute(caseId, change, context);
  }
}
