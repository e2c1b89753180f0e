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
