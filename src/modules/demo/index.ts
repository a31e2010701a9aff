export { hasBusinessData, type SeedOptions, type SeedSummary, seedDemoCompany } from './seed.js';
