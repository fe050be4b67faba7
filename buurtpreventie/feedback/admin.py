from django.contrib import admin

from .models import Feedback, ForwardEndpoint, NewsItem, Notice, Open311Key, ReportEvent


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
