import type { Command } from '../command.js';
import { certifyCommand } from './certify.js';
import { conformanceCommand } from './conformance.js';
import { contractsCommand } from './contracts.js';

/** Every command, in the order help lists them. */
export const commands: readonly Command[] = [certifyCommand, contractsCommand, conformanceCommand];
