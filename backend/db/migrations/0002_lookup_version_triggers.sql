-- The ledger lookup keeps answers in memory per creditor and trusts them only while the
-- creditor's lookup_version is unchanged: every write to the rows it reads moves it on, whoever
-- writes. SQLite triggers are per row; the update is one primary-key write per changed row.
CREATE TRIGGER `cases_insert_lookup_version` AFTER INSERT ON `cases` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = NEW.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_update_lookup_version` AFTER UPDATE ON `cases` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = NEW.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_delete_lookup_version` AFTER DELETE ON `cases` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = OLD.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `case_invoices_insert_lookup_version` AFTER INSERT ON `case_invoices` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = NEW.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `case_invoices_update_lookup_version` AFTER UPDATE ON `case_invoices` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = NEW.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `case_invoices_delete_lookup_version` AFTER DELETE ON `case_invoices` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = OLD.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `go_invoices_insert_lookup_version` AFTER INSERT ON `go_invoices` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = NEW.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `go_invoices_update_lookup_version` AFTER UPDATE ON `go_invoices` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = NEW.`creditor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `go_invoices_delete_lookup_version` AFTER DELETE ON `go_invoices` FOR EACH ROW BEGIN
  UPDATE `creditors` SET `lookup_version` = `lookup_version` + 1 WHERE `id` = OLD.`creditor_id`;
END;
