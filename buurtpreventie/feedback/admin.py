from django.contrib import admin

from buurtpreventie.notifications.models import Notice

from .models import (
    CategoryMapping,
    DefectStatusEvent,
    Feedback,
    ForwardEndpoint,
    NewsItem,
    Open311Key,
    ReportEvent,
    SignalenSettings,
)


@admin.register(ForwardEndpoint)
class ForwardEndpointAdmin(admin.ModelAdmin):
    list_display = ("municipality", "kind", "url", "active")


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "active")


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "published_at")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("report", "kind", "author", "created_at")
    raw_id_fields = ("report",)


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ("report", "at", "actor", "from_status", "to_status")
    raw_id_fields = ("report",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(Notice)


class SignalenSettingsInline(admin.StackedInline):
    model = SignalenSettings
    extra = 0


ForwardEndpointAdmin.inlines = [SignalenSettingsInline]


@admin.register(CategoryMapping)
class CategoryMappingAdmin(admin.ModelAdmin):
    list_display = ("municipality", "category", "signalen_category_url", "open311_service_code")
    list_filter = ("municipality",)


@admin.register(DefectStatusEvent)
class DefectStatusEventAdmin(admin.ModelAdmin):
    list_display = ("defect", "at", "via", "state", "state_display")
    raw_id_fields = ("defect",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
