from django.apps import AppConfig


class PeriodicConfig(AppConfig):
    name = "desk.periodic"
    label = "periodic"
    verbose_name = "Periodic work"
