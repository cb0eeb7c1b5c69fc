// Every scenario, in the order a full run executes them.
import { fanoutScenarios } from './fanout'
import { fileScenarios } from './files'
import { hostileScenarios } from './hostile'
import { idleScenarios } from './idle'
import type { Scenario } from './scenario'
import { uiScenarios } from '../ui-open-conversation'

export function allScenarios(): Scenario[] {
  return [...fanoutScenarios(), ...fileScenarios(), ...idleScenarios(), ...hostileScenarios(), ...uiScenarios()]
}
