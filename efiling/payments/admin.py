"""Payment accounts and their ledger in the admin: read-only, because the ledger is append-only
and every movement goes through the payment services. The one thing an administrator writes is
a deposit (the demo's stand-in for a payment to the court), recorded by `deposit` and audited."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from efiling.accounts.models import Role, User
from efiling.audit.admin_mixins import AuditedAdminMixin
from efiling.payments.models import LedgerEntry, PaymentAccount
from efiling.payments.services import balance, deposit, format_money, payment_account_for


def may_record_deposits(user) -> bool:
    return bool(user.is_active and user.is_staff and user.role == Role.COURT_ADMINISTRATOR)


class LedgerEntryInline(admin.TabularInline):
    model = LedgerEntry
    fk_name = "account"
    fields = readonly_fields = ["created_at", "kind", "amount", "reference", "hold"]
    ordering = ["-pk"]
    can_delete = False
    extra = 0
    show_change_link = True

    @admin.display(description="amount")
    def amount(self, obj):
        return format_money(obj.amount_cents)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PaymentAccount)
class PaymentAccountAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["owner", "available", "created_at"]
    search_fields = ["owner__email", "owner__first_name", "owner__last_name"]
    list_select_related = ["owner"]
    fields = readonly_fields = ["owner", "created_at", "balance_summary", "record_deposit"]
    inlines = [LedgerEntryInline]

    @admin.display(description="available")
    def available(self, obj):
        return format_money(balance(obj).available)

    @admin.display(description="balance")
    def balance_summary(self, obj):
        money = balance(obj)
        return (
            f"{format_money(money.available)} available; deposited "
            f"{format_money(money.deposited)}, held {format_money(money.held)}, charged "
            f"{format_money(money.charged)}, released {format_money(money.released)}"
        )

    @admin.display(description="deposit")
    def record_deposit(self, obj):
        url = reverse("admin:payments_ledgerentry_add")
        return format_html('<a href="{}?owner_email={}">Record a deposit</a>', url, obj.owner.email)

    def has_add_permission(self, request):
        return False  # an account is created when its owner first needs one

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DepositForm(forms.ModelForm):
    """The add form of a ledger entry records a deposit, and nothing else."""

    owner_email = forms.EmailField(
        label="Account owner's e-mail", help_text="The attorney whose account receives the money."
    )
    amount = forms.DecimalField(
        label="Amount (dollars)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="For example 250.00.",
    )

    class Meta:
        model = LedgerEntry
        fields = ["reference"]
        help_texts = {"reference": "For example: check 1042, demo funds."}

    def clean_owner_email(self):
        email = self.cleaned_data["owner_email"]
        owner = User.objects.filter(email__iexact=email.strip()).first()
        if owner is None:
            raise forms.ValidationError("There is no user with this e-mail address.")
        self.owner = owner
        return owner.email


@admin.register(LedgerEntry)
class LedgerEntryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "account", "kind", "amount", "reference", "hold"]
    list_filter = ["kind"]
    search_fields = ["account__owner__email", "reference"]
    list_select_related = ["account__owner"]
    readonly_fields = ["account", "kind", "amount", "reference", "hold", "created_at"]
    form = DepositForm

    @admin.display(description="amount", ordering="amount_cents")
    def amount(self, obj):
        return format_money(obj.amount_cents)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["owner_email", "amount", "reference"]
        return self.readonly_fields

    def has_add_permission(self, request):
        return super().has_add_permission(request) and may_record_deposits(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Record the deposit through the service (which audits it), never a raw save."""
        entry = deposit(
            account=payment_account_for(form.owner),
            amount_cents=int(form.cleaned_data["amount"] * 100),
            reference=form.cleaned_data["reference"],
            actor=request.user,
            request=request,
            channel="admin",
        )
        for model_field in LedgerEntry._meta.concrete_fields:
            setattr(obj, model_field.attname, getattr(entry, model_field.attname))
        obj._state.adding = False
