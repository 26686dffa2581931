/** Typed shorthands for `analytics.session` and `analytics.overview` (see commands.ts). */
import type { Requester } from './commands.js';
import type {
  AnalyticsOverviewParams,
  AnalyticsOverviewResult,
  AnalyticsSessionParams,
  AnalyticsSessionResult,
} from './protocol.js';

/** One session's numbers over a range of UTC days (docs/api/sessions.md#analyticssession). */
export const sessionAnalytics = (
  client: Requester,
  params: AnalyticsSessionParams,
): Promise<AnalyticsSessionResult> => client.request('analytics.session', params);

/** The gateway's numbers over a range of UTC days (docs/api/sessions.md#analyticsoverview). */
export const overviewAnalytics = (
  client: Requester,
  params: AnalyticsOverviewParams = {},
): Promise<AnalyticsOverviewResult> => client.request('analytics.overview', params);
