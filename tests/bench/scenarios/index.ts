// Every scenario, in the order a full run executes them.
import { clusterScenarios } from './cluster'
import { fanoutScenarios } from './fanout'
import { fileScenarios } from './files'
import { hostileScenarios } from './hostile'
import { idleScenarios } from './idle'
import { mixedScenarios } from './mixed'
import { searchScenarios } from './search'
import type { Scenario } from './scenario'
import { uiScenarios } from '../ui-open-conversation'

export function allScenarios(): Scenario[] {
  return [...fanoutScenarios(), ...fileScenarios(), ...idleScenarios(), ...hostileScenarios(), ...searchScenarios(), ...mixedScenarios(), ...clusterScenarios(), ...uiScenarios()]
}
