import { z } from 'zod';
import { currency, timezone } from '../../../lib/api-schemas.js';

/** The /api/v1 contract of the organization's reporting settings. */

export const reportingSettings = z
  .object({
    reportingCurrency: z.string().meta({ description: 'ISO 4217 code money is converted into' }),
    reportingTimezone: z
      .string()
      .meta({ description: 'IANA zone calendar days (ship day, delivery day, periods) are counted in' }),
  })
  .meta({
    id: 'AnalyticsSettings',
    examples: [{ reportingCurrency: 'USD', reportingTimezone: 'America/Chicago' }],
  });
export type ReportingSettingsAnswer = z.infer<typeof reportingSettings>;

export const settingsPatch = z
  .object({ reportingCurrency: currency.optional(), reportingTimezone: timezone.optional() })
  .strict()
  .refine(
    (v) => v.reportingCurrency !== undefined || v.reportingTimezone !== undefined,
    'send reportingCurrency, reportingTimezone or both',
  )
  .meta({
    id: 'AnalyticsSettingsPatch',
    examples: [{ reportingTimezone: 'Europe/Berlin' }, { reportingCurrency: 'EUR' }],
  });
export type SettingsPatch = z.infer<typeof settingsPatch>;

export const settingsPatchResult = reportingSettings
  .extend({
    rederivation: z.object({ jobId: z.number().int() }).nullable().meta({
      description:
        'The background job re-deriving shipment days in the time zone (follow it at /api/v1/jobs/{jobId}); null when none is needed',
    }),
  })
  .meta({
    id: 'AnalyticsSettingsPatchResult',
    examples: [
      { reportingCurrency: 'USD', reportingTimezone: 'Europe/Berlin', rederivation: { jobId: 812 } },
    ],
  });
export type SettingsPatchResult = z.infer<typeof settingsPatchResult>;
