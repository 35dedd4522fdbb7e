from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from desk.models import (
    ApiToken,
    AuditEntry,
    Briefing,
    Comment,
    Excerpt,
    ExcerptRevision,
    RecordChange,
    RecordKind,
    Topic,
)
from desk.record_changes import record_topic_change, topic_details
from desk.record_notices import notice_for


def superusers_only(request) -> bool:
    """Django's admin is for superusers: the desk's administrators run it from the Team and
    briefings pages, in the editors' words, not in raw permissions."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    """People are deactivated, never deleted: their excerpts, revisions and the audit trail name
    them, and the desk keeps those."""

    fieldsets = [
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Permissions"),
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": _(
                    "People are not deleted: untick Active to deactivate someone (or use the "
                    "desk's Team page). They can no longer sign in; their work and its history "
                    "stay. Give roles on the Team page: Editors, Reviewers, Administrators."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    ]
    actions = []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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

    # Who renamed or deleted a topic readers see is recorded (desk.record_changes): four eyes
    # refuses to let them carry it into published items themselves.
    def save_model(self, request, obj, form, change) -> None:
        before = topic_details(Topic.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is not None and record_topic_change(obj, before, request.user):
            notice = notice_for(request, RecordKind.TOPIC, obj.pk)
            if notice is not None:
                self.message_user(request, notice.message(), messages.INFO)

    def delete_model(self, request, obj) -> None:
        record_topic_change(obj, topic_details(obj), request.user, after={"deleted": True})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for topic in queryset:
            record_topic_change(topic, topic_details(topic), request.user, after={"deleted": True})
        super().delete_queryset(request, queryset)


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
    list_display = ["subject_kind", "subject_id", "author", "created_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "excerpt", "kind", "action", "from_status", "to_status", "actor"]
    list_filter = ["kind", "action"]


@admin.register(RecordChange)
class RecordChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "kind", "name", "changed_by"]
    list_filter = ["kind"]
    search_fields = ["name"]


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
