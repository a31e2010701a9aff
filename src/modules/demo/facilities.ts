import type { FacilityKind } from '../../db/types.js';
import { type City, city } from './places.js';

/**
 * The demo company's own sites: a North American distributor with a European subsidiary.
 * Distribution centres and warehouses hold stock; ports receive ocean freight; plants make
 * own-brand goods; cross-docks are the hubs freight passes through; stores are replenished.
 */
export interface SiteSpec {
  readonly code: string;
  readonly kind: FacilityKind;
  readonly city: City;
}

const kindName: Record<FacilityKind, string> = {
  dc: 'Distribution Center',
  warehouse: 'Warehouse',
  store: 'Store',
  port: 'Port Terminal',
  plant: 'Plant',
  cross_dock: 'Cross-Dock',
};

/** The name printed for a site, e.g. "Joliet Distribution Center". */
export function siteName(site: SiteSpec): string {
  return `${site.city.name} ${kindName[site.kind]}`;
}

const specs: readonly [code: string, kind: FacilityKind, cityName: string][] = [
  ['DC-CHI', 'dc', 'Joliet'],
  ['DC-ATL', 'dc', 'McDonough'],
  ['DC-DFW', 'dc', 'Fort Worth'],
  ['DC-ONT', 'dc', 'Ontario'],
  ['DC-ABE', 'dc', 'Allentown'],
  ['WH-MEM', 'warehouse', 'Memphis'],
  ['WH-RNO', 'warehouse', 'Reno'],
  ['WH-CMH', 'warehouse', 'Columbus'],
  ['XD-IND', 'cross_dock', 'Indianapolis'],
  ['XD-MKC', 'cross_dock', 'Kansas City'],
  ['PT-LGB', 'port', 'Long Beach'],
  ['PT-SAV', 'port', 'Savannah'],
  ['PT-EWR', 'port', 'Newark'],
  ['PT-HOU', 'port', 'Houston'],
  ['PL-DTW', 'plant', 'Detroit'],
  ['PL-GSP', 'plant', 'Greenville'],
  ['ST-DEN', 'store', 'Denver'],
  ['ST-PHX', 'store', 'Phoenix'],
  ['ST-SEA', 'store', 'Seattle'],
  ['ST-MIA', 'store', 'Miami'],
  ['ST-BOS', 'store', 'Boston'],
  ['ST-MSP', 'store', 'Minneapolis'],
  ['DC-YYZ', 'dc', 'Mississauga'],
  ['WH-YYC', 'warehouse', 'Calgary'],
  ['PT-YVR', 'port', 'Vancouver'],
  ['ST-YUL', 'store', 'Montreal'],
  ['XD-YWG', 'cross_dock', 'Winnipeg'],
  ['DC-MTY', 'dc', 'Monterrey'],
  ['WH-GDL', 'warehouse', 'Guadalajara'],
  ['PL-QRO', 'plant', 'Querétaro'],
  ['PT-ZLO', 'port', 'Manzanillo'],
  ['ST-MEX', 'store', 'Mexico City'],
  ['DC-VNL', 'dc', 'Venlo'],
  ['DC-MAD', 'dc', 'Madrid'],
  ['WH-LYS', 'warehouse', 'Lyon'],
  ['PT-RTM', 'port', 'Rotterdam'],
  ['PT-HAM', 'port', 'Hamburg'],
  ['PT-ANR', 'port', 'Antwerp'],
  ['PL-POZ', 'plant', 'Poznań'],
  ['XD-DUI', 'cross_dock', 'Duisburg'],
  ['ST-MIL', 'store', 'Milan'],
  ['ST-LON', 'store', 'London'],
  ['ST-PAR', 'store', 'Paris'],
];

/** The head office sits at the Chicago-area distribution centre (Joliet, America/Chicago). */
export const HOME_SITE = 'DC-CHI';

export const siteSpecs: readonly SiteSpec[] = specs.map(([code, kind, name]) => ({
  code,
  kind,
  city: city(name),
}));

/** Sites that hold inventory. */
export function isStocking(kind: FacilityKind): boolean {
  return kind === 'dc' || kind === 'warehouse';
}
