from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and actors"

    def ready(self) -> None:
        from django.core import checks

        from events.hooks import SETTINGS
        from sources.hooks import hooks_check, verify_hooks

        # A hook that does not load stops the desk here, not on the first page that needs it.
        checks.register(hooks_check("events", SETTINGS))
        verify_hooks(SETTINGS)
