from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "desk.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from desk.webhooks import events

        events.connect()
