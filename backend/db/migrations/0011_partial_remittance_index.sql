DROP INDEX `case_events_remittance`;--> statement-breakpoint
CREATE INDEX `case_events_remittance` ON `case_events` (`remittance_id`) WHERE "case_events"."remittance_id" IS NOT NULL;