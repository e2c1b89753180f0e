"""Administrator pages for users and roles (court administrators only). Secrets such as the
second-factor key and token hashes are never shown; every change is audited."""

from django import forms
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from efiling.accounts.counties import county_choices
from efiling.accounts.models import (
    ApiToken,
    BarMember,
    CourtAssignment,
    RosterImport,
    StaffDelegation,
    User,
)
from efiling.accounts.two_factor import second_factor_clear
from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.core.admin import ReadOnlyAdmin


class CourtAssignmentInline(admin.TabularInline):
    model = CourtAssignment
    extra = 0
    autocomplete_fields = ["court"]
    fields = ["court", "created_at"]


def _county_field() -> forms.ChoiceField:
    """A sheriff's office's county, chosen from Missouri's counties (the courts' data,
    efiling.accounts.counties); User.clean refuses an unknown one."""
    return forms.ChoiceField(
        label="County (sheriff's office)",
        choices=county_choices,
        required=False,
        help_text="A sheriff's office account only: the county it serves process in.",
    )


class UserChangeForm(auth_forms.UserChangeForm):
    county = _county_field()


class UserCreationForm(auth_forms.UserCreationForm):
    county = _county_field()


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "email_confirmed_at"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name", "bar_member__bar_number"]
    readonly_fields = ["last_login", "date_joined", "email_confirmed_at", "totp_confirmed_at"]
    autocomplete_fields = ["bar_member"]
    inlines = [CourtAssignmentInline]
    actions = ["clear_second_factor"]

    @admin.action(description="Clear the second factor (the user sets it up again)")
    def clear_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_clear(user=user, actor=request.user, request=request)
        self.message_user(request, f"Second factor cleared for {queryset.count()} user(s).")

    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Person",
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "phone",
                    "address_line1",
                    "address_line2",
                    "city",
                    "state",
                    "postal_code",
                ]
            },
        ),
        ("Role", {"fields": ["role", "bar_member", "home_state", "home_bar_number", "county"]}),
        (
            "Access",
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "email_confirmed_at",
                    "totp_confirmed_at",
                    "second_factor_due_at",
                ]
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "county",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]


@admin.register(BarMember)
class BarMemberAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["bar_number", "last_name", "first_name", "status", "admitted_on", "updated_at"]
    list_filter = ["status"]
    search_fields = ["bar_number", "last_name", "first_name"]
    readonly_fields = ["updated_at"]


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdmin):
    list_display = [
        "imported_at",
        "file_name",
        "added",
        "changed",
        "unchanged",
        "refused",
        "imported_by",
    ]


@admin.register(StaffDelegation)
class StaffDelegationAdmin(ReadOnlyAdmin):
    list_display = ["attorney", "staff", "created_at", "revoked_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
