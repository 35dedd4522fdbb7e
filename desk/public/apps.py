from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "desk.public"
    label = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from django.core import checks

        from desk.public import changes
        from desk.public.checks import machine_check
        from desk.public.purging import check_purger

        changes.connect()
        checks.register(machine_check)
        checks.register(check_purger)
