import { describe, expect, it } from 'vitest';
import { readX12 } from './index.js';
import { collect, fixture, interchange, text } from './test-helpers.js';

describe('readX12: 856', () => {
  it('gives one record per shipment with its orders and items nested', async () => {
    const records = await collect(readX12(fixture('x12-856-two-shipments.edi')));
    expect(records.map((r) => [r.row, r.values.shipmentId, r.problem])).toEqual([
      [1, 'ASN-5001', undefined],
      [2, 'ASN-5002', undefined],
    ]);
    expect(records[0]?.values).toMatchObject({
      purpose: '00',
      noticeAt: '2026-03-02T10:15:00',
      ladingQuantity: 12,
      weight: 1250.5,
      weightUnit: 'lb',
      weightKg: 567.217,
      scac: 'ABCD',
      transportMethod: 'M',
      referenceNumbers: { BM: 'BOL778899' },
      shippedAt: '2026-03-02T09:00:00-06:00',
      estimatedDeliveryAt: '2026-03-05T17:00:00-05:00',
      parties: {
        SF: { name: 'Acme Widgets DC', id: 'ACMEDC1', city: 'Chicago', state: 'IL', country: 'US' },
        ST: { name: 'Globex Store 12', address: '500 Elm St, Suite 2', city: 'Dallas', country: 'US' },
      },
      orders: [
        {
          purchaseOrder: 'PO-4455',
          purchaseOrderDate: '2026-02-28',
          items: [
            {
              lineNumber: '1',
              productIds: { BP: 'WID-100', UP: '012345678905' },
              quantity: 10,
              unit: 'EA',
              description: 'Blue widget',
              packMarks: '00012345678901234567',
            },
            { lineNumber: '2', productIds: { BP: 'WID-200' }, quantity: 5, unit: 'CS' },
          ],
        },
      ],
      items: [],
    });
    expect(records[1]?.values).toMatchObject({
      weightUnit: 'kg',
      weightKg: 400,
      scac: 'FDXA',
      transportMethod: 'A',
      shippedAt: '2026-03-03T11:30:00+00:00',
      estimatedDeliveryAt: '2026-03-04',
      parties: { ST: { name: 'Initech GmbH', city: 'Berlin', country: 'DE' } },
      orders: [{ purchaseOrder: 'PO-4460', referenceNumbers: { IA: 'VEND-77' }, items: [{ quantity: 2 }] }],
    });
  });

  it('splits a set with two shipment levels and keeps header segments on both', async () => {
    const body = [
      'BSN*00*ASN-9*20260302*1015',
      'DTM*011*20260302*0900*UT',
      'HL*1**S',
      'TD5**2*ABCD*M',
      'HL*2*1*I',
      'LIN*1*BP*A',
      'SN1**1*EA',
      'HL*3**S',
      'TD5**ZZ*OWNFLEET*M',
      'HL*4*3*O',
      'PRF*PO-2',
      'HL*5**I',
      'LIN*1*BP*B',
      'SN1**3*EA',
    ];
    const records = await collect(readX12(text(interchange('856', body))));
    expect(records.map((r) => r.values)).toMatchObject([
      {
        shipmentId: 'ASN-9',
        scac: 'ABCD',
        shippedAt: '2026-03-02T09:00:00+00:00',
        orders: [],
        items: [{ productIds: { BP: 'A' } }],
      },
      {
        shipmentId: 'ASN-9',
        carrierQualifier: 'ZZ',
        carrierId: 'OWNFLEET',
        shippedAt: '2026-03-02T09:00:00+00:00',
        // An item whose HL has no parent id belongs to the shipment before it, not to an order.
        orders: [{ purchaseOrder: 'PO-2', items: [] }],
        items: [{ productIds: { BP: 'B' }, quantity: 3 }],
      },
    ]);
    expect(records[1]?.values.scac).toBeUndefined();
  });

  it('gives a record with a problem for an 856 without a shipment level', async () => {
    const [record] = await collect(readX12(text(interchange('856', ['BSN*00*ASN-9*20260302*1015']))));
    expect(record?.problem).toContain('holds no HL shipment level');
  });
});
