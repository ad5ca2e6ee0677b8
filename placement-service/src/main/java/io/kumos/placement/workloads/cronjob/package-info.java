/**
 * The CronJob controller (the Chronos role): cron schedules with time zones, missed runs and starting deadlines,
 * concurrency policies, history limits.
 */
package io.kumos.placement.workloads.cronjob;
