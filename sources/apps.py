from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Source library"

    def ready(self) -> None:
        from django.core import checks

        from sources.hooks import SETTINGS, hooks_check, verify_hooks

        # A hook that does not load stops the desk here, not on the first page that needs it.
        checks.register(hooks_check("sources", SETTINGS))
        verify_hooks(SETTINGS)

        from django.db.models.signals import post_migrate

        from sources.search_index import install_after_migrate

        # SQLite loses a table's triggers when a migration rebuilds it: put the index's back.
        post_migrate.connect(install_after_migrate, sender=self)
