import { element, invalid, type Segment } from './tokenizer.js';

/** One transaction set (ST…SE) whose envelope checked out. */
export interface TransactionSet {
  /** ST01: `214`, `856`, … */
  readonly id: string;
  /** ST02. */
  readonly control: string;
  /** Position of its ST segment in the file. */
  readonly position: number;
  /** The segments between ST and SE (both excluded); empty when not collected. */
  readonly segments: readonly Segment[];
}

interface Open {
  readonly control: string;
  readonly position: number;
  count: number;
}

const describe = (segment: Segment) => `Segment ${segment.position} (${segment.tag})`;

function checkCount(segment: Segment, n: number, expected: number, what: string): void {
  const declared = element(segment, n);
  if (declared === undefined || !/^\d+$/.test(declared) || Number(declared) !== expected) {
    throw invalid(
      `${describe(segment)}: ${segment.tag}0${n} says ${declared ?? 'nothing'} ${what}, the envelope holds ${expected}.`,
    );
  }
}

function checkControl(segment: Segment, n: number, opening: Open, opener: string): void {
  const control = element(segment, n);
  if (control !== opening.control) {
    throw invalid(
      `${describe(segment)}: control number ${control ?? '(empty)'} does not match ${opening.control} of the ${opener} at segment ${opening.position}.`,
    );
  }
}

/**
 * Checks the ISA/GS/ST envelopes as the segments stream by and yields each transaction set once
 * its SE has checked out. Interchange and group trailers come after their sets, so a broken IEA
 * or GE is only found after earlier sets were yielded: validateX12 reads the whole file first.
 */
export async function* transactionSets(
  input: AsyncIterable<Segment>,
  collect = true,
): AsyncGenerator<TransactionSet> {
  let interchange: Open | undefined;
  let group: Open | undefined;
  let set: (Open & { id: string; segments: Segment[] }) | undefined;
  let last: Segment | undefined;
  for await (const segment of input) {
    last = segment;
    if (set && segment.tag !== 'SE') {
      if (['ISA', 'IEA', 'GS', 'GE', 'ST'].includes(segment.tag)) {
        throw invalid(
          `${describe(segment)}: the transaction set opened by ST at segment ${set.position} has no SE before it.`,
        );
      }
      set.count += 1;
      if (collect) set.segments.push(segment);
      continue;
    }
    switch (segment.tag) {
      case 'ISA':
        interchange = { control: element(segment, 13) ?? '', position: segment.position, count: 0 };
        break;
      case 'GS':
        if (!interchange)
          throw invalid(`${describe(segment)}: GS outside an interchange (no ISA before it).`);
        if (group)
          throw invalid(
            `${describe(segment)}: GS inside the group opened at segment ${group.position} (GE missing).`,
          );
        group = { control: element(segment, 6) ?? '', position: segment.position, count: 0 };
        interchange.count += 1;
        break;
      case 'ST':
        if (!group) throw invalid(`${describe(segment)}: ST outside a functional group (no GS before it).`);
        set = {
          id: element(segment, 1) ?? '',
          control: element(segment, 2) ?? '',
          position: segment.position,
          count: 1,
          segments: [],
        };
        group.count += 1;
        break;
      case 'SE': {
        if (!set) throw invalid(`${describe(segment)}: SE without an ST.`);
        checkCount(segment, 1, set.count + 1, 'segments (ST and SE included)');
        checkControl(segment, 2, set, 'ST');
        const done = set;
        set = undefined;
        yield { id: done.id, control: done.control, position: done.position, segments: done.segments };
        break;
      }
      case 'GE':
        if (!group) throw invalid(`${describe(segment)}: GE without a GS.`);
        checkCount(segment, 1, group.count, 'transaction sets');
        checkControl(segment, 2, group, 'GS');
        group = undefined;
        break;
      case 'IEA':
        if (!interchange) throw invalid(`${describe(segment)}: IEA without an ISA.`);
        if (group)
          throw invalid(
            `${describe(segment)}: IEA before the GE of the group opened at segment ${group.position}.`,
          );
        checkCount(segment, 1, interchange.count, 'functional groups');
        checkControl(segment, 2, interchange, 'ISA');
        interchange = undefined;
        break;
      default:
        throw invalid(`${describe(segment)}: a segment outside any transaction set (ST…SE).`);
    }
  }
  if (!last) throw invalid('The file holds no X12 segments: it must start with an ISA segment.');
  const open = set ? 'ST' : group ? 'GS' : interchange ? 'ISA' : undefined;
  if (open) {
    const closer = { ST: 'SE', GS: 'GE', ISA: 'IEA' }[open];
    throw invalid(
      `Segment ${last.position} (${last.tag}): the file ends before the ${closer} that closes the ${open} at segment ${(set ?? group ?? interchange)?.position}.`,
    );
  }
}
