"""Admin for users and role grants: grants are ended (revoked_at), never deleted, and every
change made here is audited like one made through `accounts.services`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import EnrolmentInvitation, RoleGrant, User
from .services import role_grant_audit

# Once granted, who/what/where is history: only the end may be set.
_GRANT_FIXED = ("user", "role", "municipality", "wijk", "granted_at", "granted_by")


def _audit_grant_save(request: HttpRequest, grant: RoleGrant, *, change: bool) -> None:
    # The admin site is staff-only, so the user is always logged in; this narrows the type.
    actor = request.user if request.user.is_authenticated else None
    if not change:
        grant.granted_by = grant.granted_by or actor
        grant.save()
        role_grant_audit(actor=actor, grant=grant, action="role_grant.add")
        return
    before = RoleGrant.objects.filter(pk=grant.pk).values_list("revoked_at", flat=True).first()
    grant.save()
    if before is None and grant.revoked_at is not None:
        role_grant_audit(actor=actor, grant=grant, action="role_grant.revoke")
    elif before is not None and grant.revoked_at is None:
        role_grant_audit(actor=actor, grant=grant, action="role_grant.reinstate")
    elif before != grant.revoked_at:
        role_grant_audit(actor=actor, grant=grant, action="role_grant.change")


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ("role", "municipality", "wijk", "granted_at", "revoked_at")
    can_delete = False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RoleGrant:
            super().save_formset(request, form, formset, change)
            return
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            grant = inline_form.save(commit=False)
            existing = grant.pk is not None
            if existing:
                # Who/what/where of an existing grant is history: keep the stored values.
                stored = RoleGrant.objects.get(pk=grant.pk)
                for name in ("role", "municipality_id", "wijk_id", "granted_at"):
                    setattr(grant, name, getattr(stored, name))
            _audit_grant_save(request, grant, change=existing)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return _GRANT_FIXED if obj is not None else ("granted_by",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        _audit_grant_save(request, obj, change=change)
