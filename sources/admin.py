from django.contrib import admin

from sources.models import Source, SourceVersion
from sources.signals import announce_details_change, citation_details


class SourceVersionInline(admin.TabularInline):
    model = SourceVersion
    fields = ["number", "created_by", "created_at", "imported_from", "text_hash"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["display_title", "author", "outlet", "published", "added_at"]
    list_filter = ["outlet", "published_precision", "language"]
    search_fields = ["title", "author", "outlet", "url"]
    readonly_fields = ["current_version", "added_by", "added_at"]
    inlines = [SourceVersionInline]

    def save_model(self, request, obj, form, change) -> None:
        # An admin's change of a citation is recorded like an editor's (sources.signals).
        before = citation_details(Source.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            announce_details_change(obj, before, request.user)
