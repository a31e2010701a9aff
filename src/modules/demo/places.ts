/**
 * Real cities with their coordinates and IANA time zones: where the demo company's facilities,
 * customers and suppliers are. Markets decide which carriers and modes can serve a lane.
 */

export type Market = 'NA' | 'EU' | 'AS';

export interface City {
  readonly name: string;
  /** State, province or region. */
  readonly region: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly lat: number;
  readonly lng: number;
  readonly zone: string;
  readonly market: Market;
}

type Row = readonly [name: string, region: string, country: string, lat: number, lng: number, zone: string];

function cities(market: Market, rows: readonly Row[]): City[] {
  return rows.map(([name, region, country, lat, lng, zone]) => ({
    name,
    region,
    country,
    lat,
    lng,
    zone,
    market,
  }));
}

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const LA = 'America/Los_Angeles';
const MX = 'America/Mexico_City';

export const northAmerica: readonly City[] = cities('NA', [
  ['Joliet', 'IL', 'US', 41.525, -88.0817, CHI],
  ['Chicago', 'IL', 'US', 41.8781, -87.6298, CHI],
  ['McDonough', 'GA', 'US', 33.4473, -84.1469, NY],
  ['Atlanta', 'GA', 'US', 33.749, -84.388, NY],
  ['Fort Worth', 'TX', 'US', 32.7555, -97.3308, CHI],
  ['Dallas', 'TX', 'US', 32.7767, -96.797, CHI],
  ['Ontario', 'CA', 'US', 34.0633, -117.6509, LA],
  ['Allentown', 'PA', 'US', 40.6084, -75.4902, NY],
  ['Memphis', 'TN', 'US', 35.1495, -90.049, CHI],
  ['Reno', 'NV', 'US', 39.5296, -119.8138, LA],
  ['Columbus', 'OH', 'US', 39.9612, -82.9988, NY],
  ['Indianapolis', 'IN', 'US', 39.7684, -86.1581, 'America/Indiana/Indianapolis'],
  ['Kansas City', 'MO', 'US', 39.0997, -94.5786, CHI],
  ['Long Beach', 'CA', 'US', 33.7701, -118.1937, LA],
  ['Savannah', 'GA', 'US', 32.0809, -81.0912, NY],
  ['Newark', 'NJ', 'US', 40.7357, -74.1724, NY],
  ['Houston', 'TX', 'US', 29.7604, -95.3698, CHI],
  ['Detroit', 'MI', 'US', 42.3314, -83.0458, 'America/Detroit'],
  ['Greenville', 'SC', 'US', 34.8526, -82.394, NY],
  ['Denver', 'CO', 'US', 39.7392, -104.9903, 'America/Denver'],
  ['Phoenix', 'AZ', 'US', 33.4484, -112.074, 'America/Phoenix'],
  ['Seattle', 'WA', 'US', 47.6062, -122.3321, LA],
  ['Miami', 'FL', 'US', 25.7617, -80.1918, NY],
  ['Boston', 'MA', 'US', 42.3601, -71.0589, NY],
  ['Minneapolis', 'MN', 'US', 44.9778, -93.265, CHI],
  ['New York', 'NY', 'US', 40.7128, -74.006, NY],
  ['Philadelphia', 'PA', 'US', 39.9526, -75.1652, NY],
  ['Charlotte', 'NC', 'US', 35.2271, -80.8431, NY],
  ['Nashville', 'TN', 'US', 36.1627, -86.7816, CHI],
  ['Orlando', 'FL', 'US', 28.5383, -81.3792, NY],
  ['Tampa', 'FL', 'US', 27.9506, -82.4572, NY],
  ['St. Louis', 'MO', 'US', 38.627, -90.1994, CHI],
  ['Salt Lake City', 'UT', 'US', 40.7608, -111.891, 'America/Denver'],
  ['Portland', 'OR', 'US', 45.5152, -122.6784, LA],
  ['San Francisco', 'CA', 'US', 37.7749, -122.4194, LA],
  ['San Diego', 'CA', 'US', 32.7157, -117.1611, LA],
  ['Las Vegas', 'NV', 'US', 36.1699, -115.1398, LA],
  ['Pittsburgh', 'PA', 'US', 40.4406, -79.9959, NY],
  ['Cleveland', 'OH', 'US', 41.4993, -81.6944, NY],
  ['Milwaukee', 'WI', 'US', 43.0389, -87.9065, CHI],
  ['Omaha', 'NE', 'US', 41.2565, -95.9345, CHI],
  ['Oklahoma City', 'OK', 'US', 35.4676, -97.5164, CHI],
  ['New Orleans', 'LA', 'US', 29.9511, -90.0715, CHI],
  ['Raleigh', 'NC', 'US', 35.7796, -78.6382, NY],
  ['Jacksonville', 'FL', 'US', 30.3322, -81.6557, NY],
  ['Austin', 'TX', 'US', 30.2672, -97.7431, CHI],
  ['San Antonio', 'TX', 'US', 29.4241, -98.4936, CHI],
  ['El Paso', 'TX', 'US', 31.7619, -106.485, 'America/Denver'],
  ['Albuquerque', 'NM', 'US', 35.0844, -106.6504, 'America/Denver'],
  ['Boise', 'ID', 'US', 43.615, -116.2023, 'America/Boise'],
  ['Louisville', 'KY', 'US', 38.2527, -85.7585, 'America/Kentucky/Louisville'],
  ['Mississauga', 'ON', 'CA', 43.589, -79.6441, 'America/Toronto'],
  ['Calgary', 'AB', 'CA', 51.0447, -114.0719, 'America/Edmonton'],
  ['Vancouver', 'BC', 'CA', 49.2827, -123.1207, 'America/Vancouver'],
  ['Montreal', 'QC', 'CA', 45.5019, -73.5674, 'America/Toronto'],
  ['Winnipeg', 'MB', 'CA', 49.8951, -97.1384, 'America/Winnipeg'],
  ['Toronto', 'ON', 'CA', 43.6532, -79.3832, 'America/Toronto'],
  ['Ottawa', 'ON', 'CA', 45.4215, -75.6972, 'America/Toronto'],
  ['Edmonton', 'AB', 'CA', 53.5461, -113.4938, 'America/Edmonton'],
  ['Quebec City', 'QC', 'CA', 46.8139, -71.208, 'America/Toronto'],
  ['Halifax', 'NS', 'CA', 44.6488, -63.5752, 'America/Halifax'],
  ['Monterrey', 'NLE', 'MX', 25.6866, -100.3161, 'America/Monterrey'],
  ['Querétaro', 'QRO', 'MX', 20.5888, -100.3899, MX],
  ['Manzanillo', 'COL', 'MX', 19.1138, -104.3385, MX],
  ['Mexico City', 'CMX', 'MX', 19.4326, -99.1332, MX],
  ['Guadalajara', 'JAL', 'MX', 20.6597, -103.3496, MX],
  ['Puebla', 'PUE', 'MX', 19.0414, -98.2063, MX],
  ['Tijuana', 'BCN', 'MX', 32.5149, -117.0382, 'America/Tijuana'],
  ['León', 'GUA', 'MX', 21.125, -101.686, MX],
  ['Saltillo', 'COA', 'MX', 25.4232, -101.0053, 'America/Monterrey'],
  ['Hermosillo', 'SON', 'MX', 29.0729, -110.9559, 'America/Hermosillo'],
  ['Mérida', 'YUC', 'MX', 20.9674, -89.5926, 'America/Merida'],
]);

export const europe: readonly City[] = cities('EU', [
  ['Venlo', 'Limburg', 'NL', 51.3704, 6.1724, 'Europe/Amsterdam'],
  ['Rotterdam', 'South Holland', 'NL', 51.9244, 4.4777, 'Europe/Amsterdam'],
  ['Hamburg', 'Hamburg', 'DE', 53.5511, 9.9937, 'Europe/Berlin'],
  ['Antwerp', 'Flanders', 'BE', 51.2194, 4.4025, 'Europe/Brussels'],
  ['Lyon', 'Auvergne-Rhône-Alpes', 'FR', 45.764, 4.8357, 'Europe/Paris'],
  ['Madrid', 'Madrid', 'ES', 40.4168, -3.7038, 'Europe/Madrid'],
  ['Poznań', 'Greater Poland', 'PL', 52.4064, 16.9252, 'Europe/Warsaw'],
  ['Milan', 'Lombardy', 'IT', 45.4642, 9.19, 'Europe/Rome'],
  ['Duisburg', 'North Rhine-Westphalia', 'DE', 51.4344, 6.7623, 'Europe/Berlin'],
  ['London', 'England', 'GB', 51.5074, -0.1278, 'Europe/London'],
  ['Paris', 'Île-de-France', 'FR', 48.8566, 2.3522, 'Europe/Paris'],
  ['Berlin', 'Berlin', 'DE', 52.52, 13.405, 'Europe/Berlin'],
  ['Munich', 'Bavaria', 'DE', 48.1351, 11.582, 'Europe/Berlin'],
  ['Frankfurt', 'Hesse', 'DE', 50.1109, 8.6821, 'Europe/Berlin'],
  ['Stuttgart', 'Baden-Württemberg', 'DE', 48.7758, 9.1829, 'Europe/Berlin'],
  ['Barcelona', 'Catalonia', 'ES', 41.3874, 2.1686, 'Europe/Madrid'],
  ['Valencia', 'Valencia', 'ES', 39.4699, -0.3763, 'Europe/Madrid'],
  ['Brussels', 'Brussels', 'BE', 50.8503, 4.3517, 'Europe/Brussels'],
  ['Amsterdam', 'North Holland', 'NL', 52.3676, 4.9041, 'Europe/Amsterdam'],
  ['Vienna', 'Vienna', 'AT', 48.2082, 16.3738, 'Europe/Vienna'],
  ['Prague', 'Prague', 'CZ', 50.0755, 14.4378, 'Europe/Prague'],
  ['Warsaw', 'Masovia', 'PL', 52.2297, 21.0122, 'Europe/Warsaw'],
  ['Łódź', 'Łódź', 'PL', 51.7592, 19.456, 'Europe/Warsaw'],
  ['Copenhagen', 'Capital Region', 'DK', 55.6761, 12.5683, 'Europe/Copenhagen'],
  ['Stockholm', 'Stockholm', 'SE', 59.3293, 18.0686, 'Europe/Stockholm'],
  ['Dublin', 'Leinster', 'IE', 53.3498, -6.2603, 'Europe/Dublin'],
  ['Manchester', 'England', 'GB', 53.4808, -2.2426, 'Europe/London'],
  ['Lisbon', 'Lisbon', 'PT', 38.7223, -9.1393, 'Europe/Lisbon'],
  ['Zurich', 'Zurich', 'CH', 47.3769, 8.5417, 'Europe/Zurich'],
  ['Turin', 'Piedmont', 'IT', 45.0703, 7.6869, 'Europe/Rome'],
  ['Marseille', "Provence-Alpes-Côte d'Azur", 'FR', 43.2965, 5.3698, 'Europe/Paris'],
]);

export const asia: readonly City[] = cities('AS', [
  ['Shanghai', 'Shanghai', 'CN', 31.2304, 121.4737, 'Asia/Shanghai'],
  ['Shenzhen', 'Guangdong', 'CN', 22.5431, 114.0579, 'Asia/Shanghai'],
  ['Ningbo', 'Zhejiang', 'CN', 29.8683, 121.544, 'Asia/Shanghai'],
  ['Busan', 'Busan', 'KR', 35.1796, 129.0756, 'Asia/Seoul'],
  ['Ho Chi Minh City', 'Ho Chi Minh City', 'VN', 10.8231, 106.6297, 'Asia/Ho_Chi_Minh'],
  ['Kaohsiung', 'Kaohsiung', 'TW', 22.6273, 120.3014, 'Asia/Taipei'],
  ['Chennai', 'Tamil Nadu', 'IN', 13.0827, 80.2707, 'Asia/Kolkata'],
  ['Yokohama', 'Kanagawa', 'JP', 35.4437, 139.638, 'Asia/Tokyo'],
]);

const byName = new Map<string, City>([...northAmerica, ...europe, ...asia].map((c) => [c.name, c]));

/** A city of the catalog by name (the lists above are the only source). */
export function city(name: string): City {
  const found = byName.get(name);
  if (!found) throw new Error(`unknown demo city ${name}`);
  return found;
}

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km (haversine). */
export function greatCircleKm(a: City, b: City): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
