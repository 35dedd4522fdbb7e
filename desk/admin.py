from django.contrib import admin

from desk.models import ApiToken, AuditEntry, Briefing, Comment, Excerpt, ExcerptRevision, Topic


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_public", "updated_at"]
    list_filter = ["is_public"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the desk's own workflow may write: visible here, never changed."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Excerpt)
class ExcerptAdmin(ReadOnlyAdmin):
    list_display = ["pk", "status", "source", "created_by", "updated_at"]
    list_filter = ["status"]
    search_fields = ["current_revision__quote", "current_revision__annotation"]


@admin.register(ExcerptRevision)
class ExcerptRevisionAdmin(ReadOnlyAdmin):
    list_display = ["excerpt", "number", "created_by", "created_at", "approved_by"]
    search_fields = ["quote", "annotation"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["excerpt", "author", "created_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "excerpt", "kind", "action", "from_status", "to_status", "actor"]
    list_filter = ["kind", "action"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made by their owners on the desk; here an admin can see and revoke them."""

    list_display = [
        "name",
        "user",
        "key_prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "key_prefix"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            token.revoke()
        self.message_user(request, f"{queryset.count()} token(s) revoked.")
