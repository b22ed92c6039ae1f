import { unitsConfigSchema, type UnitsConfig } from '../shared/domain/units';
import sampleUnits from '../assets/config/units.json' with { type: 'json' };

/** The hub's view of the configured units: which forum each belongs to. */
export type HubUnits = ReadonlyMap<string, UnitsConfig[number]>;

/** The units the hub serves: the given configuration, or the sample one in assets/config/units.json. */
export function hubUnits(config: UnitsConfig = unitsConfigSchema.parse(sampleUnits)): HubUnits {
  return new Map(unitsConfigSchema.parse(config).map((unit) => [unit.id, unit]));
}
