/**
 * Slack's replay window: a request's `x-slack-request-timestamp` must be within five minutes of now, in either
 * direction. Bolt's receiver refuses only old timestamps; one signed for the future (a captured request could
 * otherwise be replayed until then) is refused here, before the receiver reads the body.
 */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

/** Whether a timestamp header (whole seconds since the epoch) is inside the window around `nowMs`. */
export function slackTimestampFresh(header: string | string[] | undefined, nowMs: number = Date.now()): boolean {
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(Number(header) - nowMs / 1000) <= SLACK_TIMESTAMP_WINDOW_SECONDS;
}
