/** The mapping layer's public door (issue #11 part 3, ADR 0016): compile, apply, suggest; and the contracts. */
export {
  applyMapping,
  type CompiledMapping,
  checkMapping,
  compileMapping,
  type MappedRecord,
} from './apply.js';
export { countryCodeOf, currencyCodeOf } from './countries.js';
export { type DateParser, dayOf, parseDate } from './dates.js';
export type { FieldType, LookupRequest, LookupTable, TargetField } from './fields.js';
export { type NumberLocale, parseNumber } from './numbers.js';
export {
  dateFormat,
  defaultUnknownTexts,
  type FieldMapping,
  fieldMapping,
  type ImportTargetName,
  importTargets,
  type MappingDefinition,
  mappingDefinition,
  type QuarantineReason,
  type Transform,
  transform,
  type Unit,
  units,
} from './schema.js';
export { type MappingSuggestion, suggestMapping } from './suggest.js';
export { convertUnit, type UnitKind, unitKind } from './units.js';
