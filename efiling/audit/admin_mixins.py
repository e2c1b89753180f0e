"""Admin edits are changes like any other: record each in the audit trail, in the same
transaction as the edit (the admin wraps each save in one)."""

from django.forms.models import model_to_dict

from efiling.audit.services import audit_record


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        before = model_to_dict(form.instance.__class__.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        after = model_to_dict(obj)
        changes = {
            name: [str(before.get(name)) if change else None, str(after.get(name))]
            for name in form.changed_data
            if name in after
        }
        verb = "changed" if change else "created"
        audit_record(
            action=f"{obj._meta.model_name}.{verb}",
            target=obj,
            request=request,
            channel="admin",
            details={"changes": changes},
        )

    def save_formset(self, request, form, formset, change):
        """Inline rows (a user's court assignments, ...) are audited like the main object."""
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._audit_inline(request, obj, "created")
        for obj, changed in formset.changed_objects:
            self._audit_inline(request, obj, "changed", {"fields": changed})
        for obj in formset.deleted_objects:
            self._audit_inline(request, obj, "deleted")

    def _audit_inline(self, request, obj, verb, details=None):
        audit_record(
            action=f"{obj._meta.model_name}.{verb}",
            target=obj,
            request=request,
            channel="admin",
            details=details or {},
        )

    def delete_model(self, request, obj):
        audit_record(
            action=f"{obj._meta.model_name}.deleted",
            target=obj,
            request=request,
            channel="admin",
            details={"deleted": {k: str(v) for k, v in model_to_dict(obj).items()}},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class AuditedReadAdminMixin:
    """Reads of non-public rows in the admin are audited like reads anywhere else: opening such a
    row, and a list page that shows any. The model's admin says what is non-public by
    `restricted_reason(obj)`: a short reason ("confidential case", ...) or "" for a public row."""

    def restricted_reason(self, obj) -> str:
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and obj is not None and self.restricted_reason(obj):
            audit_record(
                action=f"{obj._meta.model_name}.viewed",
                target=obj,
                request=request,
                channel="admin",
                details={"security": self.restricted_reason(obj)},
            )
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        listing = getattr(response, "context_data", {}).get("cl")
        if listing is not None:
            shown = [obj for obj in listing.result_list if self.restricted_reason(obj)]
            if shown:
                audit_record(
                    action=f"{self.model._meta.model_name}.listed",
                    object_type=self.model._meta.label_lower,
                    object_repr=f"{len(shown)} non-public rows",
                    request=request,
                    channel="admin",
                    details={"rows": [str(obj.pk) for obj in shown]},
                )
        return response
