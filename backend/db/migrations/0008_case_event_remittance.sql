ALTER TABLE `case_events` ADD `remittance_id` text;--> statement-breakpoint
CREATE INDEX `case_events_remittance` ON `case_events` (`remittance_id`);--> statement-breakpoint
ALTER TABLE `jobs` DROP COLUMN `recovery_point`;--> statement-breakpoint
ALTER TABLE `jobs` DROP COLUMN `run_after`;--> statement-breakpoint
-- Commission events recorded before this column named their remittance only in their text
-- ("… belastet i remittering modhi-rem-<id>"): give them its id once, here.
UPDATE `case_events` SET `remittance_id` = (SELECT `r`.`id` FROM `remittances` `r` WHERE `case_events`.`text` LIKE '%' || `r`.`external_import_reference`) WHERE `kind` = 'remittance_commission' AND `remittance_id` IS NULL;
