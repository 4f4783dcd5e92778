import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessGate } from '@app/access';
import { isTlpLabel, mayRead } from '../shared/tlp';

/**
 * Gives the access policy (libs/access) this context's TLP table, so that reads of received
 * shares are decided and recorded in one place, by label.
 */
@Injectable()
export class ShareLabelRuleRegistration implements OnModuleInit {
  constructor(private readonly gate: AccessGate) {}

  onModuleInit(): void {
    this.gate.useShareLabelRule((label, roles) => isTlpLabel(label) && mayRead(label, roles));
  }
}
