"""The periodic jobs in the admin, to look at: their next run, last worker and outcome."""

from django.contrib import admin

from desk.periodic.models import PeriodicJob


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at", "last_worker",
                    "last_outcome"]  # fmt: skip
    readonly_fields = list_display

    # The clock writes these rows; a person changing one could only skip or repeat a run.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
