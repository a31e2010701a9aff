import { describe, expect, it } from 'vitest';
import { shipmentModes } from '../../db/types.js';
import { buildCompany } from './company.js';
import { plannedTransitDays, routeKm, tariff } from './modes.js';
import { city, greatCircleKm } from './places.js';

const company = buildCompany(42, { carriers: 1, facilities: 1, products: 1, customers: 1, suppliers: 1 });

describe('the demo company structure', () => {
  it('has about a dozen carriers with distinct SCAC codes and distinct reliability', () => {
    expect(company.carriers.length).toBeGreaterThanOrEqual(10);
    expect(new Set(company.carriers.map((c) => c.scac)).size).toBe(company.carriers.length);
    for (const c of company.carriers) expect(c.scac).toMatch(/^[A-Z]{2,4}$/);
    const onTime = company.carriers.map((c) => c.onTime);
    expect(Math.max(...onTime) - Math.min(...onTime)).toBeGreaterThan(0.2);
    // Every mode is offered by someone.
    for (const mode of shipmentModes)
      expect(
        company.carriers.some((c) => c.modes.includes(mode)),
        mode,
      ).toBe(true);
  });

  it('has about forty facilities of every kind in North America and Europe, in real time zones', () => {
    expect(company.sites.length).toBeGreaterThanOrEqual(35);
    expect(new Set(company.sites.map((s) => s.kind))).toEqual(
      new Set(['dc', 'warehouse', 'store', 'port', 'plant', 'cross_dock']),
    );
    expect(new Set(company.sites.map((s) => s.city.country))).toEqual(
      new Set(['US', 'CA', 'MX', 'NL', 'DE', 'BE', 'FR', 'ES', 'PL', 'IT', 'GB']),
    );
    for (const s of company.sites) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: s.city.zone })).not.toThrow();
      expect(Math.abs(s.city.lat)).toBeLessThan(70);
    }
    expect(new Set(company.sites.map((s) => s.code)).size).toBe(company.sites.length);
  });

  it('stocks each of its ~300 SKUs at two to four sites, with all four demand shapes', () => {
    expect(company.products.length).toBe(300);
    expect(new Set(company.products.map((p) => p.sku)).size).toBe(300);
    const sites = new Map<number, number>();
    for (const pair of company.pairs) sites.set(pair.product.id, (sites.get(pair.product.id) ?? 0) + 1);
    for (const p of company.products) {
      expect(sites.get(p.id), p.sku).toBeGreaterThanOrEqual(2);
      expect(sites.get(p.id), p.sku).toBeLessThanOrEqual(4);
      expect(p.unitWeightKg).toBeGreaterThan(0);
      expect(p.unitPrice).toBeGreaterThan(p.unitCost);
    }
    const patterns = new Set(company.products.map((p) => p.shape.pattern));
    expect(patterns).toEqual(new Set(['smooth', 'seasonal', 'trending', 'intermittent']));
    for (const pair of company.pairs) expect(['dc', 'warehouse']).toContain(pair.site.kind);
  });

  it('has ~80 customers served from sites in their own market and 20 suppliers', () => {
    expect(company.customers.length).toBe(80);
    expect(new Set(company.customers.map((c) => c.name)).size).toBe(80);
    for (const c of company.customers) {
      expect(c.sites.length).toBe(2);
      for (const s of c.sites) expect(s.city.market).toBe(c.city.market);
    }
    expect(company.suppliers.length).toBe(20);
    // Every stocking site has customers of its own.
    const served = new Set(company.customers.map((c) => c.sites[0]?.id));
    for (const s of company.stocking) expect(served.has(s.id), s.code).toBe(true);
  });

  it('routes and prices freight plausibly', () => {
    const chicago = city('Chicago');
    const dallas = city('Dallas');
    const gc = greatCircleKm(chicago, dallas);
    expect(gc).toBeGreaterThan(1_250);
    expect(gc).toBeLessThan(1_330);
    expect(routeKm('ftl', chicago, dallas)).toBeGreaterThan(gc * 1.15);
    expect(routeKm('air', chicago, dallas)).toBeLessThan(routeKm('ftl', chicago, dallas));
    // Faster modes are planned faster; longer hauls take longer.
    expect(plannedTransitDays('air', 1_500)).toBeLessThan(plannedTransitDays('ftl', 1_500));
    expect(plannedTransitDays('ftl', 1_500)).toBeLessThan(plannedTransitDays('rail', 1_500));
    expect(plannedTransitDays('ocean', 18_000)).toBeGreaterThan(25);
    for (const mode of shipmentModes) {
      expect(plannedTransitDays(mode, 3_000)).toBeGreaterThanOrEqual(plannedTransitDays(mode, 300));
      expect(tariff(mode, 2_000, 500, 2)).toBeGreaterThanOrEqual(tariff(mode, 200, 500, 2));
      expect(tariff(mode, 500, 5_000, 20)).toBeGreaterThanOrEqual(tariff(mode, 500, 50, 0.2));
    }
  });
});
