/**
 * What the assistant will not do, read before anything else: change data, run SQL, reach past
 * the caller's organization, follow instructions hidden in a question, or answer outside
 * logistics data. Each refusal says what it can answer instead. The query the engine builds is
 * read-only and scoped by the caller's token anyway (ask.ts); refusing early keeps the answer
 * honest about why.
 */

export const CAN_ANSWER =
  'I answer questions about your shipments, orders, inventory and forecasts — for example "on-time rate by carrier last month", "top 5 lanes by freight cost", "where is shipment X?" or "which SKUs will run out in the next two weeks?".';

// A verb that changes data, at the start ("delete …", "update carrier …"); not the nouns and
// phrases that share its spelling ("change in freight cost", "drop in on-time", "update me on").
const writeVerbs =
  /^\s*(?:please\s+|can you\s+|could you\s+|pls\s+)?(delete|remove|drop|truncate|update|insert|change|modify|edit|set|cancel|archive|create|add|reset|rename|overwrite|wipe|erase|purge|grant|revoke|mark|assign|move|import|upload|send|email|book|schedule|reserve|arrange|dispatch|approve|reject|pay|refund)\b(?!\s+(?:in|of|me|on|over|rate|trend|since|between|from)\b)|^\s*(?:please\s+)?(?:order|ship)\s+(?:\d+\s*(?:units?|pallets?|cases?|boxes|pieces|pcs|kg|kgs|tons?|tonnes|more|x)\b|an?\s|some\s|more\s|new\s)/;
const writeAnywhere =
  /\b(delete|truncate|insert into|wipe|erase|purge|overwrite)\b|\bdrop\s+(?:the\s+)?(?:table|database|all)\b|\bupdate\s+\w+\s+set\b|\b(?:change|set|update|modify)\s+(?:the\s+)?(?:status|carrier|cost|price|role|password)\s+(?:of|for|to)\b/;
const sqlText =
  /\bselect\s+[\w*,\s]+\s+from\b|\bunion\s+(?:all\s+)?select\b|;\s*--|\bor\s+'?1'?\s*=\s*'?1\b|information_schema|pg_catalog|sqlite_master|\bsleep\s*\(|\bexec(?:ute)?\s*\(|\bxp_cmdshell\b/;
const otherTenants =
  /\b(?:other|another|all|every|different|competitors?|someone else'?s?)\s+(?:organi[sz]ations?|orgs?|tenants?|companies|company'?s?|accounts?|clients?'? data|customers'? data|businesses)\b|\b(?:organi[sz]ation|org|tenant)[\s_]*(?:id\s*)?(?:=\s*|#|number\s*)?\d+\b|\borg(?:ani[sz]ation)?[_\s]?id\b|\ball (?:the )?(?:data|databases?|tables)\b/;
const injection =
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|rules|prompt|previous|above|guardrails?|restrictions?|filters?|scope|permissions?)\b|\bsystem prompt\b|\byou are now\b|\bjailbreak\b|\bdeveloper mode\b|\bdan mode\b|\bpretend (?:to be|you are)\b|\bas (?:an? )?(?:admin|administrator|superuser|root)\b|\bsudo\b/;
const offTopic =
  /\b(weather|forecast for (?:rain|snow)|rain|snowing|temperature outside|joke|poem|song|recipe|bitcoin|crypto|stock price|share price|football|soccer|basketball|baseball|hockey|tennis|world cup|olympics|super bowl|who won|movie|film|capital of|meaning of life|who are you|your name|horoscope|lottery|news|election|president|prime minister|translate|diesel|fuel prices?|gas prices?|petrol|oil price|exchange rate of bitcoin|write (?:me )?(?:an? )?(?:email|essay|story|code|poem))\b/;

export type ScopeRefusal = {
  readonly reason: 'write' | 'sql' | 'tenant' | 'injection' | 'off_topic';
  readonly text: string;
};

/** A refusal, when the folded question asks for something the assistant must not do. */
export function refusalOf(folded: string): ScopeRefusal | undefined {
  if (sqlText.test(folded)) {
    return {
      reason: 'sql',
      text: `I don't run SQL or database commands; I answer questions in plain words. ${CAN_ANSWER}`,
    };
  }
  if (injection.test(folded)) {
    return {
      reason: 'injection',
      text: `I can't change how I work or what I may see; I only answer questions about your organization's data. ${CAN_ANSWER}`,
    };
  }
  if (writeVerbs.test(folded) || writeAnywhere.test(folded)) {
    return {
      reason: 'write',
      text: `I only read data: I can't create, change or delete anything (use the app or the API for that). ${CAN_ANSWER}`,
    };
  }
  if (otherTenants.test(folded)) {
    return {
      reason: 'tenant',
      text: `I can only see your own organization's data. ${CAN_ANSWER}`,
    };
  }
  if (offTopic.test(folded)) {
    return { reason: 'off_topic', text: `That is outside what I know. ${CAN_ANSWER}` };
  }
  return undefined;
}

/**
 * A question that names one shipment or order by its reference ("where is IB-00000042?", "was
 * SO-00000160 cancelled?"): a word with letters and digits that is not a value the organization
 * has (a SKU is a product, not a lookup). `entity` is a hint ("order" in the question); the
 * lookup tries the other kind when the hinted one has no such reference.
 */
export function lookupOf(
  question: string,
  isKnownValue: (text: string) => boolean,
): { readonly entity: 'shipment' | 'order'; readonly reference: string } | undefined {
  // A bare number needs a word that says what it is ("order 4512"): "top 500" is not a lookup.
  const named = (reference: string) =>
    new RegExp(
      `\\b(?:shipment|order|po|so|reference|ref|tracking|booking|load)\\s*(?:no\\.?|number|#|id)?\\s*:?\\s*${reference}\\b`,
      'i',
    ).test(question);
  const candidates = [
    ...question.matchAll(
      /(?<![\w-])([A-Za-z]{1,8}[-_/]?\d{3,}[A-Za-z0-9_/-]*|[A-Za-z]{1,8}[-_/]\d+|[A-Za-z]+-[A-Za-z0-9]+-\d+|\d+)(?![\w-])/g,
    ),
  ]
    .map((m) => m[1] ?? '')
    .filter((r) => /\d/.test(r) && !/^(?:19|20)\d\d$/.test(r) && !isKnownValue(r))
    // Short references ("42", "ASN-8") only after a word that says what they are.
    .filter((r) => (!/^\d+$/.test(r) && /\d{3}/.test(r)) || named(r));
  const reference = candidates[0];
  if (!reference) return undefined;
  const entity =
    /\b(order|po|so|purchase order|sales order)\b/i.test(question) || /^(?:so|po)[-_]/i.test(reference)
      ? 'order'
      : 'shipment';
  return { entity, reference };
}
