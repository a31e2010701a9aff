import { Gauge, type Registry } from 'prom-client';

/** What the alert gauges read at scrape time (from the database, so every process reports the same). */
export interface AlertInstrumentOptions {
  readonly countAlerts: () => Promise<readonly { status: string; severity: string; count: number }[]>;
  readonly countDeliveries: () => Promise<readonly { status: string; count: number }[]>;
  readonly onCountError: (error: unknown) => void;
}

const severities = ['info', 'warning', 'critical'];
const deliveryStatuses = ['pending', 'digest', 'sent', 'dead', 'skipped'];

/**
 * Alerts raised (issue #12): open and resolved alerts by severity — alerts are never deleted,
 * so the sum over statuses only grows and `increase()` of it is the alerts fired in a window —
 * and channel deliveries by status (dead ones are the dead letters).
 */
export function alertInstruments(registry: Registry, options: AlertInstrumentOptions): void {
  new Gauge({
    name: 'lanewise_alerts',
    help: 'Alerts by status (open, resolved) and severity, all organizations; the sum over statuses is every alert ever raised',
    labelNames: ['status', 'severity'] as const,
    registers: [registry],
    async collect() {
      let counts: Awaited<ReturnType<AlertInstrumentOptions['countAlerts']>>;
      try {
        counts = await options.countAlerts();
      } catch (error) {
        this.reset();
        options.onCountError(error);
        return;
      }
      for (const status of ['open', 'resolved'])
        for (const severity of severities) this.set({ status, severity }, 0);
      for (const c of counts) this.set({ status: c.status, severity: c.severity }, c.count);
    },
  });
  new Gauge({
    name: 'lanewise_alert_deliveries',
    help: 'Alert channel deliveries by status (pending, digest, sent, dead, skipped), all organizations',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      let counts: Awaited<ReturnType<AlertInstrumentOptions['countDeliveries']>>;
      try {
        counts = await options.countDeliveries();
      } catch (error) {
        this.reset();
        options.onCountError(error);
        return;
      }
      for (const status of deliveryStatuses) this.set({ status }, 0);
      for (const c of counts) this.set({ status: c.status }, c.count);
    },
  });
}
