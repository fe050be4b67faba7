from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import EnrolmentInvitation, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ("role", "municipality", "wijk", "granted_at", "revoked_at")


@admin.register(User)
class BuurtpreventieUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Buurtpreventie", {"fields": ("phone", "language", "is_demo")}))
    actions = ["send_enrolment_invitation"]

    @admin.action(description=_("Activeringslink tweestapsverificatie sturen"))
    def send_enrolment_invitation(self, request: Any, queryset: Any) -> None:
        from .invitations import enrolment_invitation_send

        for user in queryset:
            enrolment_invitation_send(actor=request.user, user=user)
        self.message_user(request, _("Activeringslink verstuurd."), messages.SUCCESS)


@admin.register(EnrolmentInvitation)
class EnrolmentInvitationAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "created_by", "expires_at", "used_at")
    readonly_fields = ("user", "token_hash", "created_at", "created_by", "expires_at", "used_at")

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "municipality", "wijk", "granted_at", "revoked_at")
    list_filter = ("role", "municipality")
