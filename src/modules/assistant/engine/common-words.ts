/**
 * Ordinary English words of questions about logistics data. The spelling corrector never turns
 * one of these into a name ("went" is not a typo of "west"), and a name's first word that is one
 * of these is not taken for the whole name ("Great" of "Great Plains Rail").
 */
export const commonWords: ReadonlySet<string> = new Set(
  `a about above across after again against all almost along also always am among an and another
  any anything are area around as ask at average avg away back bad be because been before being
  below best better between big biggest both bottom breakdown break broken brought but by can
  cheap cheaper cheapest check city come compare compared comparing comparison could count
  country current daily data day days did difference do does doing done down drop dropped during
  each east either else end ended ending enough even ever every everything expensive fast faster
  fastest few fewer fewest figure figures find first for from full further get give go going good
  got great greater group grow grew growth had half happened has have having he heavier heavy
  her here high higher highest him his hit how however i if improve improved in include
  including increase increased is it its just keep kind know large largest last late later latest
  least less let level light lighter like list little long look lot low lower lowest made main
  make many may me mean median more most much must my near need new next no none north not now
  number of off often old on once one only or order other our out over overall past per percent
  percentage period perform performance performed performing please point poor poorest previous
  put quarter quarterly quick rank ranked ranking rate rather really recent recently region report
  right same say see seen share should show showing since slow slower slowest so some south
  split still such sum summary take tell than that the their them then there these they thing
  this those through time times to today together too top total totals trend under until up us
  use used very via volume want was way we week weekly weeks well went were west what when where
  whether which while who whole why will with within without worse worst would year yearly years
  yesterday yet you your month months monthly day daily annual annually ytd mtd qtd vs versus
  against compare each every per whats hows wheres give me show list much many get tell please
  shipment shipments shipped shipping order orders ordered item items unit units goods cargo load
  loads freight carrier carriers customer customers supplier suppliers lane lanes product
  products sku skus warehouse warehouses facility facilities site sites city cities country
  countries region regions state states province status mode modes transport transportation
  delivery deliveries delivered deliver arrive arrived arriving arrival pickup picked pick
  dispatch dispatched origin destination inbound outbound domestic international import export
  cost costs costly spend spent spending price value weight weigh weighing heavy kg kgs kilo kilos
  tons tonnes ton lbs pound pounds stock inventory demand forecast forecasts predict prediction
  risk risks run running ran reliable reliability punctual delayed delay delays early happen
  chart graph plot table visualize visualise draw`.split(/\s+/),
);
