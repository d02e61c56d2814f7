CREATE TABLE `letters` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`creditor_id` text NOT NULL,
	`invoice_nos` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` text NOT NULL,
	`deadline` text NOT NULL,
	`content` text NOT NULL,
	`external_ref` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `letters_external_ref_unique` ON `letters` (`external_ref`);--> statement-breakpoint
CREATE INDEX `letters_case` ON `letters` (`case_id`);--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `claim_stage` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `notice_sent_at` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `notice_deadline` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `demand_sent_at` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `demand_deadline` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `legal_at` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `heavy_at` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `fee_ore` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `salaer_ore` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `hold` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `hold_reason` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `held_at` text;--> statement-breakpoint
ALTER TABLE `case_invoices` ADD `withdrawn_at` text;