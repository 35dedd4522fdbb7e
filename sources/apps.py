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
