from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "desk.public"
    label = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from desk.public import changes

        changes.connect()
