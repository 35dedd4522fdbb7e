from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "Editorial desk"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from desk.roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
        from desk.revision_triggers import install_after_migrate

        # SQLite loses a table's triggers when a migration rebuilds it: put them back.
        post_migrate.connect(install_after_migrate, sender=self)
        from desk.publishing import audit

        post_migrate.connect(audit.install_after_migrate, sender=self)
        from desk import search_index

        post_migrate.connect(search_index.install_after_migrate, sender=self)

        # production registers a check; discussion and timezones their receivers (@names, zones);
        # excerpts plugs the excerpt into the editorial kernel (desk.publishing).
        from desk import discussion, excerpts, signals  # noqa: F401
        from desk.project import logs, production, timezones  # noqa: F401

        signals.connect()
        logs.connect()
        from desk import desk_state, record_changes

        # The desk's counts are kept until something they count changes (desk.desk_state).
        desk_state.connect()

        # Who changed which source, actor, event or topic, for four eyes over carrying it.
        record_changes.connect()
