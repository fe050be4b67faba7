from django.contrib import admin

from .models import ContactRelay, PublicPage


@admin.register(PublicPage)
class PublicPageAdmin(admin.ModelAdmin):
    list_display = ("municipality", "updated_at", "updated_by")


@admin.register(ContactRelay)
class ContactRelayAdmin(admin.ModelAdmin):
    list_display = ("initiative", "sender_name", "sent_at", "recipients")
    readonly_fields = ("initiative", "sender_name", "sender_email", "sent_at", "recipients")
