import type { RecordObject, RecordValue } from '../types.js';
import type { TransactionSet } from './envelope.js';
import { x12DateTime } from './time.js';
import { element, type Segment } from './tokenizer.js';
import { applyParty, compact, numberAt, type Party, partiesObject, weightKg, weightUnit } from './values.js';

/**
 * 856 Ship Notice/Manifest → one record per shipment level (HL S) with its orders (HL O) and
 * their items (HL I, through any tare or pack level) nested. Segments before the first HL (BSN,
 * and DTM or REF some senders put there) apply to every shipment of the set.
 */

interface Level {
  readonly id: string;
  readonly parent: string | undefined;
  readonly code: string;
  readonly segments: Segment[];
}

const first = (level: Level, tag: string) => level.segments.find((s) => s.tag === tag);

function references(segments: readonly Segment[]): RecordObject {
  const out: Record<string, string> = {};
  for (const s of segments) {
    const qualifier = element(s, 1);
    const id = element(s, 2) ?? element(s, 3);
    if (s.tag === 'REF' && qualifier && id) out[qualifier] = id;
  }
  return out;
}

function item(level: Level, pack: Level | undefined): RecordObject {
  const lin = first(level, 'LIN');
  const sn1 = first(level, 'SN1');
  const pid = first(level, 'PID');
  const productIds: Record<string, string> = {};
  // LIN02/03, LIN04/05, …: pairs of qualifier (BP buyer's part, VP vendor's, UP UPC…) and id.
  for (let n = 2; lin && n + 1 < lin.elements.length; n += 2) {
    const qualifier = element(lin, n);
    const id = element(lin, n + 1);
    if (qualifier && id) productIds[qualifier] = id;
  }
  const man = pack && first(pack, 'MAN');
  return compact({
    lineNumber: lin && element(lin, 1),
    productIds,
    quantity: sn1 && numberAt(sn1, 2),
    unit: sn1 && element(sn1, 3),
    description: pid && element(pid, 5),
    packMarks: man && element(man, 2),
  });
}

function shipment(bsn: Segment | undefined, set: TransactionSet, segments: readonly Segment[]) {
  const td1 = segments.find((s) => s.tag === 'TD1');
  const td5 = segments.find((s) => s.tag === 'TD5' && element(s, 3) !== undefined);
  const td3 = segments.find((s) => s.tag === 'TD3');
  const dates: Record<string, string> = {};
  const parties = new Map<string, Party>();
  let party: string | undefined;
  for (const s of segments) {
    if (s.tag === 'DTM') {
      const qualifier = element(s, 1);
      const at = x12DateTime(element(s, 2), element(s, 3), element(s, 4));
      if (qualifier && at) dates[qualifier] = at;
    } else if (s.tag === 'N1' || s.tag === 'N3' || s.tag === 'N4') {
      party = applyParty(parties, party, s);
    }
  }
  const qualifier = td5 && element(td5, 2);
  const weight = td1 && numberAt(td1, 7);
  const unit = td1 && weightUnit(element(td1, 8));
  return compact({
    transactionSet: set.id,
    setControl: set.control,
    purpose: bsn && element(bsn, 1),
    shipmentId: bsn && element(bsn, 2),
    noticeAt: bsn && x12DateTime(element(bsn, 3), element(bsn, 4)),
    packagingCode: td1 && element(td1, 1),
    ladingQuantity: td1 && numberAt(td1, 2),
    weightQualifier: td1 && element(td1, 6),
    weight,
    weightUnit: unit,
    weightKg: weightKg(weight, unit),
    // TD502 code 2 says TD503 is a SCAC; other qualifiers name the carrier otherwise.
    scac: td5 && qualifier === '2' ? element(td5, 3) : undefined,
    carrierQualifier: qualifier,
    carrierId: td5 && element(td5, 3),
    transportMethod: td5 && element(td5, 4),
    routing: td5 && element(td5, 5),
    equipmentType: td3 && element(td3, 1),
    equipmentNumber: td3 && [element(td3, 2), element(td3, 3)].filter(Boolean).join(''),
    referenceNumbers: references(segments),
    dates,
    shippedAt: dates['011'],
    estimatedDeliveryAt: dates['017'],
    parties: partiesObject(parties),
  });
}

/** The records of one 856 set: one per HL S; a set without any gives none (the caller reports it). */
export function records856(set: TransactionSet): RecordObject[] {
  const header: Segment[] = [];
  const levels: Level[] = [];
  const byId = new Map<string, Level>();
  for (const segment of set.segments) {
    if (segment.tag === 'HL') {
      const level: Level = {
        id: element(segment, 1) ?? String(levels.length + 1),
        parent: element(segment, 2),
        code: element(segment, 3) ?? '',
        segments: [],
      };
      levels.push(level);
      byId.set(level.id, level);
    } else {
      (levels.at(-1)?.segments ?? header).push(segment);
    }
  }
  const bsn = header.find((s) => s.tag === 'BSN');
  // The nearest ancestor of a level with one of the codes; a level without a parent id belongs
  // to the shipment before it.
  const ancestor = (level: Level, codes: string, index: number): Level | undefined => {
    let current: Level | undefined = level;
    const seen = new Set<string>();
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      const parent: Level | undefined = current.parent ? byId.get(current.parent) : undefined;
      if (parent && codes.includes(parent.code)) return parent;
      current = parent;
    }
    return codes.includes('S') ? levels.slice(0, index).findLast((l) => l.code === 'S') : undefined;
  };
  const shipments = levels.filter((l) => l.code === 'S');
  return shipments.map((s) => {
    const orders = new Map<Level, RecordValue[]>();
    const loose: RecordValue[] = [];
    levels.forEach((level, index) => {
      if (level.code === 'O' && ancestor(level, 'S', index) === s) orders.set(level, []);
      if (level.code !== 'I' || ancestor(level, 'S', index) !== s) return;
      const order = ancestor(level, 'O', index);
      const values = item(level, ancestor(level, 'P', index));
      const list = order && orders.get(order);
      (list ?? loose).push(values);
    });
    return {
      ...shipment(bsn, set, [...header, ...s.segments]),
      orders: [...orders].map(([order, items]) => {
        const prf = first(order, 'PRF');
        return compact({
          purchaseOrder: prf && element(prf, 1),
          purchaseOrderDate: prf && x12DateTime(element(prf, 4)),
          referenceNumbers: references(order.segments),
          items,
        });
      }),
      items: loose,
    };
  });
}
