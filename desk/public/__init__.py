"""The public site: what anyone can read without an account.

Pages, feeds, sitemaps and exports of published items, their one FilterSet, and the cache that
serves them. The editorial core never imports this package; it announces changes
(desk.publishing.announcements.publication_changed) and this wing listens (desk.public.changes).
"""
