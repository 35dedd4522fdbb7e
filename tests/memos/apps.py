from django.apps import AppConfig


class MemosConfig(AppConfig):
    name = "tests.memos"
    label = "memos"
    verbose_name = "Memos (a second subject of the kernel, for tests)"

    def ready(self) -> None:
        from tests.memos import subject  # noqa: F401  (registers the memo with the kernel)
