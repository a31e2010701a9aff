import { type CarrierProfile, carrierProfiles } from './carriers.js';
import { buildCatalog, type ProductSpec } from './catalog.js';
import { HOME_SITE, isStocking, type SiteSpec, siteName, siteSpecs } from './facilities.js';
import { plannedTransitDays, routeKm } from './modes.js';
import { buildCustomers, buildSuppliers, type CustomerSpec, type SupplierSpec } from './parties.js';
import { type City, greatCircleKm, type Market } from './places.js';
import { Random } from './random.js';

/**
 * The demo company's fixed structure, with the ids its rows will get: sites, carriers,
 * products, customers, suppliers, and which SKU is stocked where and replenished from whom.
 */

export interface Site extends SiteSpec {
  readonly id: number;
  readonly name: string;
}

export interface Carrier extends CarrierProfile {
  readonly id: number;
  readonly index: number;
}

export interface Product extends ProductSpec {
  readonly id: number;
}

export interface Customer extends CustomerSpec {
  readonly id: number;
  /** Stocking sites that ship to the customer, nearest first. */
  readonly sites: readonly Site[];
}

export interface Supplier extends SupplierSpec {
  readonly id: number;
}

/** Where a stocking site's replenishment of a SKU comes from. */
export interface Source {
  readonly key: string;
  readonly city: City;
  /** The supplier who ships the goods; null when they come from our own plant. */
  readonly supplierId: number | null;
  /** Our plant, when the goods are made in-house. */
  readonly plant: Site | null;
  /** Port of entry when the source is overseas. */
  readonly port: Site | null;
}

/** A SKU stocked at a site: the unit of inventory snapshots and movements. */
export interface Pair {
  readonly index: number;
  readonly product: Product;
  readonly site: Site;
  readonly source: Source;
  /** Planned days from purchase order to receipt. */
  readonly leadDays: number;
}

/**
 * The pairs a site replenishes together: everything it buys overseas (consolidated by a
 * forwarder into one sailing), from domestic suppliers (consolidated by a 3PL), or from its
 * own plants. One purchase order tops up the whole group.
 */
export interface SupplyGroup {
  readonly index: number;
  readonly site: Site;
  readonly kind: 'overseas' | 'domestic' | 'plant';
  readonly pairs: readonly Pair[];
}

export interface Company {
  /** The head office's site: the company reports in its time zone. */
  readonly home: Site;
  readonly carriers: readonly Carrier[];
  readonly sites: readonly Site[];
  readonly stocking: readonly Site[];
  readonly stores: readonly { site: Site; from: Site }[];
  readonly hubs: readonly Site[];
  readonly products: readonly Product[];
  readonly customers: readonly Customer[];
  readonly suppliers: readonly Supplier[];
  readonly pairs: readonly Pair[];
  readonly pairsBySite: ReadonlyMap<number, readonly Pair[]>;
  readonly groups: readonly SupplyGroup[];
}

export interface FirstIds {
  readonly carriers: number;
  readonly facilities: number;
  readonly products: number;
  readonly customers: number;
  readonly suppliers: number;
}

export const companySize = { products: 300, customers: 80 } as const;

function byDistance(from: City, sites: readonly Site[]): Site[] {
  return sites
    .map((s) => ({ s, km: greatCircleKm(from, s.city) }))
    .sort((a, b) => a.km - b.km)
    .map((x) => x.s);
}

/** Builds the company's structure from the seed; ids follow on from `first`. */
export function buildCompany(seed: number, first: FirstIds): Company {
  const rng = new Random(seed, 'company');
  const sites: Site[] = siteSpecs.map((spec, i) => ({
    ...spec,
    id: first.facilities + i,
    name: siteName(spec),
  }));
  const carriers = carrierProfiles.map((p, i) => ({ ...p, id: first.carriers + i, index: i }));
  const products = buildCatalog(rng, companySize.products).map((p, i) => ({ ...p, id: first.products + i }));
  const suppliers = buildSuppliers().map((s, i) => ({ ...s, id: first.suppliers + i }));
  const stocking = sites.filter((s) => isStocking(s.kind));
  const inMarket = (m: Market) => stocking.filter((s) => s.city.market === m);

  const customers = buildCustomers(
    rng,
    companySize.customers,
    stocking.map((s) => s.city),
  ).map((c, i) => ({
    ...c,
    id: first.customers + i,
    sites: byDistance(c.city, inMarket(c.city.market)).slice(0, 2),
  }));
  const stores = sites
    .filter((s) => s.kind === 'store')
    .map((site) => ({ site, from: byDistance(site.city, inMarket(site.city.market))[0] as Site }));

  const sourcesByMarket = (m: Market): Source[] => {
    const ports = sites.filter((s) => s.kind === 'port' && s.city.market === m);
    const overseas = suppliers
      .filter((s) => s.city.market === 'AS')
      .map((s) => ({ key: s.code, supplierId: s.id, city: s.city, plant: null, port: ports[0] ?? null }));
    const local = suppliers
      .filter((s) => s.city.market === m)
      .map((s) => ({ key: s.code, supplierId: s.id, city: s.city, plant: null, port: null }));
    const plants = sites
      .filter((s) => s.kind === 'plant' && s.city.market === m)
      .map((s) => ({ key: s.code, supplierId: null, city: s.city, plant: s, port: null }));
    return [...overseas, ...local, ...plants];
  };
  const sources = { NA: sourcesByMarket('NA'), EU: sourcesByMarket('EU') };

  const pairs: Pair[] = [];
  const naSites = inMarket('NA');
  const euSites = inMarket('EU');
  for (const product of products) {
    // Each SKU sits in two to four sites; most are sold in North America, many also in Europe.
    const inEu = rng.chance(0.4);
    const naCount = inEu ? rng.int(1, 3) : rng.int(2, 4);
    const euCount = inEu ? Math.min(euSites.length, rng.int(1, 4 - naCount)) : 0;
    const chosen = [...rng.shuffled(naSites).slice(0, naCount), ...rng.shuffled(euSites).slice(0, euCount)];
    const overseasShare = rng.float(0.2, 0.7);
    const pickSource = (m: 'NA' | 'EU') => {
      const list = sources[m];
      const asian = list.filter((s) => s.plant === null && s.port !== null);
      const nearby = list.filter((s) => s.port === null);
      return rng.chance(overseasShare) ? rng.pick(asian) : rng.pick(nearby);
    };
    const productSources = { NA: pickSource('NA'), EU: pickSource('EU') };
    for (const site of chosen) {
      const generic = productSources[site.city.market as 'NA' | 'EU'];
      const source = generic.port ? { ...generic, port: portFor(site, sites) } : generic;
      pairs.push({ index: pairs.length, product, site, source, leadDays: leadDays(source, site) });
    }
  }
  const pairsBySite = new Map<number, Pair[]>();
  for (const pair of pairs) pairsBySite.set(pair.site.id, [...(pairsBySite.get(pair.site.id) ?? []), pair]);

  const groupMap = new Map<string, Pair[]>();
  for (const pair of pairs) {
    const key = `${pair.site.id}|${supplyKind(pair.source)}`;
    groupMap.set(key, [...(groupMap.get(key) ?? []), pair]);
  }
  const groups = [...groupMap.values()].map((members, index) => {
    const head = members[0] as Pair;
    return { index, site: head.site, kind: supplyKind(head.source), pairs: members };
  });

  return {
    home: sites.find((s) => s.code === HOME_SITE) as Site,
    carriers,
    sites,
    stocking,
    stores,
    hubs: sites.filter((s) => s.kind === 'cross_dock'),
    products,
    customers,
    suppliers,
    pairs,
    pairsBySite,
    groups,
  };
}

function supplyKind(source: Source): SupplyGroup['kind'] {
  return source.port ? 'overseas' : source.plant ? 'plant' : 'domestic';
}

/** The port an overseas supply enters by: the nearest in the site's country, else its market. */
function portFor(site: Site, sites: readonly Site[]): Site {
  const ports = sites.filter((s) => s.kind === 'port' && s.city.market === site.city.market);
  const domestic = ports.filter((p) => p.city.country === site.city.country);
  return byDistance(site.city, domestic.length ? domestic : ports)[0] as Site;
}

/**
 * Expected days from purchase order to stock on the shelf: supplier preparation, the planned
 * legs, port dwell, and a day to put away; what the planner's targets are based on.
 */
function leadDays(source: Source, site: Site): number {
  const putAway = 1.5;
  if (source.port) {
    const sea = plannedTransitDays('ocean', routeKm('ocean', source.city, source.port.city));
    const inland = plannedTransitDays('ftl', routeKm('ftl', source.port.city, site.city));
    return 11 + sea + 2.5 + inland + putAway;
  }
  const prep = source.plant ? 1.5 : 3;
  return prep + plannedTransitDays('ftl', routeKm('ftl', source.city, site.city)) + putAway;
}
