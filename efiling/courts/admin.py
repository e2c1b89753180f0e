from django import forms
from django.contrib import admin

from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.courts.fees import docket_template_problem, follow_up_problem
from efiling.courts.models import CaseType, Court, CourtPolicy, FilingCode, Holiday
from efiling.courts.service_terms import service_of_process_problem


@admin.register(CaseType)
class CaseTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "confidential"]
    list_filter = ["level", "confidential"]


@admin.register(Court)
class CourtAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "circuit", "efiling_participating", "efiling_since"]
    list_filter = ["kind", "efiling_participating", "appellate_district"]
    search_fields = ["code", "name", "county", "seat"]
    filter_horizontal = ["case_types"]


@admin.register(CourtPolicy)
class CourtPolicyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "court",
        "maximum_allowed_attachment_size",
        "maximum_allowed_message_size",
        "maximum_documents_per_submission",
        "maximum_page_count",
    ]
    search_fields = ["court__code", "court__name"]
    list_select_related = ["court"]


@admin.register(Holiday)
class HolidayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "name", "kind", "court", "note"]
    list_filter = ["kind", ("court", admin.EmptyFieldListFilter)]
    search_fields = ["name", "court__code", "court__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["court"]


class FilingCodeAdminForm(forms.ModelForm):
    class Meta:
        model = FilingCode
        fields = [
            "court",
            "case_type",
            "code",
            "name",
            "initiating",
            "fee_cents",
            "docket_text_template",
            "follow_up_deadlines",
            "service_of_process",
            "served",
            "serve_only",
            "active",
        ]

    def clean_follow_up_deadlines(self):
        deadlines = self.cleaned_data["follow_up_deadlines"] or []  # an emptied field: none
        problem = follow_up_problem(deadlines)
        if problem:
            raise forms.ValidationError(f"Follow-up deadlines {problem}.")
        return deadlines

    def clean_service_of_process(self):
        terms = self.cleaned_data["service_of_process"] or {}  # an emptied field: none
        problem = service_of_process_problem(terms)
        if problem:
            raise forms.ValidationError(f"Service of process {problem}.")
        return terms

    def clean_docket_text_template(self):
        template = self.cleaned_data["docket_text_template"]
        problem = docket_template_problem(template)
        if problem:
            raise forms.ValidationError(f"The template {problem}.")
        return template


@admin.register(FilingCode)
class FilingCodeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = FilingCodeAdminForm
    list_display = ["code", "name", "court", "case_type_label", "initiating", "fee", "active"]
    list_filter = [
        "active",
        "initiating",
        "court__kind",
        ("case_type", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "name", "court__code", "court__name"]
    list_select_related = ["court", "case_type"]
    autocomplete_fields = ["court"]
    ordering = ["court__code", "case_type__code", "code"]
    fieldsets = [
        (
            None,
            {
                "fields": ["court", "case_type", "code", "name", "initiating"],
                "description": (
                    "A code for one case type overrides the court's code of the same name for "
                    "every case type; an inactive one hides it for that case type. Codes listed "
                    "in the filing codes data file get the file's name, fee, docket text and "
                    "follow-up deadlines back when it is loaded again: change the file for a "
                    "lasting change."
                ),
            },
        ),
        (
            "Fee, docket text and service",
            {"fields": ["fee_cents", "docket_text_template", "served", "serve_only", "active"]},
        ),
        (
            "Follow-up deadlines",
            {
                "fields": ["follow_up_deadlines"],
                "description": (
                    "Deadlines a filing of this code sets once served, counted in days after "
                    "service with the court calendar (Rule 44.01(a)); shown on the case."
                ),
            },
        ),
        (
            "Service of process",
            {
                "fields": ["service_of_process"],
                "description": (
                    "For a petition: the manners of service offered, each with its fee and "
                    'either "answer_days" (and "runs_from") or, for an associate circuit '
                    'summons, a "return_date" rule: {"min_days", "max_days", '
                    '"served_days_before", optional "time" ("HH:MM") and "division"} '
                    "(docs/operations.md)."
                ),
            },
        ),
    ]

    @admin.display(description="case type", ordering="case_type__code")
    def case_type_label(self, obj):
        return obj.case_type.code if obj.case_type_id else "every type"

    @admin.display(description="fee", ordering="fee_cents")
    def fee(self, obj):
        dollars, cents = divmod(obj.fee_cents, 100)
        return f"${dollars:,}.{cents:02d}"
