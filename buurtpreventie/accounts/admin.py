from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ("role", "municipality", "wijk", "granted_at", "revoked_at")


@admin.register(User)
class BuurtpreventieUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Buurtpreventie", {"fields": ("phone", "language", "is_demo")}))


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "municipality", "wijk", "granted_at", "revoked_at")
    list_filter = ("role", "municipality")
