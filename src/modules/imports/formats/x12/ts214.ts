import type { RecordObject } from '../types.js';
import type { TransactionSet } from './envelope.js';
import { x12DateTime } from './time.js';
import { element, type Segment } from './tokenizer.js';
import { applyParty, compact, numberAt, type Party, partiesObject, weightKg, weightUnit } from './values.js';

/**
 * 214 Transportation Carrier Shipment Status → one record per AT7 status. Each record holds the
 * shipment's header (B10, header L11, N1 parties) and its LX loop (L11, AT8), and the MS1
 * place and MS2 equipment that follow its AT7.
 */

interface Status {
  at7: Segment;
  ms1?: Segment;
  ms2?: Segment;
}

interface Stop {
  number?: string;
  statuses: Status[];
  references: Record<string, string>;
  at8?: Segment;
}

/** MS1 longitude DDDMMSS / latitude DDMMSS with a direction letter → decimal degrees. */
function degrees(text: string | undefined, direction: string | undefined, width: number): number | undefined {
  if (!text || !/^\d+$/.test(text) || text.length !== width + 4) return undefined;
  const value =
    Number(text.slice(0, width)) +
    Number(text.slice(width, width + 2)) / 60 +
    Number(text.slice(width + 2)) / 3600;
  const signed = direction === 'W' || direction === 'S' ? -value : value;
  return Math.round(signed * 1e6) / 1e6;
}

function statusValues(status: Status): RecordObject {
  const { at7, ms1, ms2 } = status;
  const date = element(at7, 5);
  const time = element(at7, 6);
  const timeCode = element(at7, 7);
  return compact({
    statusCode: element(at7, 1),
    statusReason: element(at7, 2),
    appointmentCode: element(at7, 3),
    appointmentReason: element(at7, 4),
    date,
    time,
    timeCode,
    occurredAt: x12DateTime(date, time, timeCode),
    city: ms1 && element(ms1, 1),
    state: ms1 && element(ms1, 2),
    country: ms1 && element(ms1, 3),
    longitude: ms1 && degrees(element(ms1, 4), element(ms1, 6), 3),
    latitude: ms1 && degrees(element(ms1, 5), element(ms1, 7), 2),
    equipmentScac: ms2 && element(ms2, 1),
    equipmentNumber: ms2 && element(ms2, 2),
    equipmentType: ms2 && element(ms2, 3),
  });
}

function stopValues(stop: Stop): RecordObject {
  const at8 = stop.at8;
  const weight = at8 && numberAt(at8, 3);
  const unit = at8 && weightUnit(element(at8, 2));
  return compact({
    stopNumber: stop.number,
    weightQualifier: at8 && element(at8, 1),
    weight,
    weightUnit: unit,
    weightKg: weightKg(weight, unit),
    pieces: at8 && numberAt(at8, 4),
  });
}

/** The records of one 214 set; a set without any AT7 gives none (the caller reports it). */
export function records214(set: TransactionSet): RecordObject[] {
  let b10: Segment | undefined;
  const references: Record<string, string> = {};
  const parties = new Map<string, Party>();
  let party: string | undefined;
  const stops: Stop[] = [];
  let stop: Stop | undefined;
  let status: Status | undefined;
  for (const segment of set.segments) {
    switch (segment.tag) {
      case 'B10':
        b10 = segment;
        break;
      case 'L11': {
        const id = element(segment, 1);
        const qualifier = element(segment, 2);
        if (id && qualifier) (stop ? stop.references : references)[qualifier] = id;
        break;
      }
      case 'N1':
      case 'N3':
      case 'N4':
        party = applyParty(parties, party, segment);
        break;
      case 'LX':
        stop = { number: element(segment, 1), statuses: [], references: {} };
        stops.push(stop);
        status = undefined;
        break;
      case 'AT7':
        // An AT7 before any LX is read as its own stop rather than dropped.
        if (!stop) {
          stop = { statuses: [], references: {} };
          stops.push(stop);
        }
        status = { at7: segment };
        stop.statuses.push(status);
        break;
      case 'MS1':
        if (status) status.ms1 = segment;
        break;
      case 'MS2':
        if (status) status.ms2 = segment;
        break;
      case 'AT8':
        if (stop) stop.at8 = segment;
        break;
    }
  }
  const header = compact({
    transactionSet: set.id,
    setControl: set.control,
    carrierReference: b10 && element(b10, 1),
    shipmentId: b10 && element(b10, 2),
    scac: b10 && element(b10, 3),
  });
  const partyValues = partiesObject(parties);
  return stops.flatMap((s) =>
    s.statuses.map((st) => ({
      ...header,
      referenceNumbers: { ...references, ...s.references },
      parties: partyValues,
      ...stopValues(s),
      ...statusValues(st),
    })),
  );
}
