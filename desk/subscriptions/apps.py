from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "desk.subscriptions"
    label = "subscriptions"
    verbose_name = "Readers by e-mail"
