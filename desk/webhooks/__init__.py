"""Webhooks: other software told, signed, when readers' view of an item changes.

Administrators register endpoints (desk.webhooks.views); the workflow announces its decisions
(desk.publishing.announcements.decision_recorded) and desk.webhooks.events turns those readers can
see into messages; the task queue delivers them, signed per the Standard Webhooks specification
(desk.webhooks.sending), retried with backoff and logged (desk.webhooks.delivering).
"""
