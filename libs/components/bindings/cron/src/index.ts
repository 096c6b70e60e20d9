export { CronBinding } from './cron-binding';
export type { CronBindingOptions } from './cron-binding';
export { parseCronSchedule } from './cron-schedule';
export type { CronSchedule, CronExpressionSchedule, EverySchedule } from './cron-schedule';
