from django import forms

from efiling.cases.models import Case, Party
from efiling.core.columns import column_max_length
from efiling.core.forms import AccessibleForm
from efiling.core.text import text_problem
from efiling.courts.models import CaseType, Court, ServiceManner
from efiling.filings.appearance import appearable_label
from efiling.filings.models import Document, Envelope, Filing, ServiceRequest

SERVE_ONLY_DESCRIPTION = "Optional words that describe the documents to the people served."


def _court_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Court.objects.filter(efiling_participating=True).order_by("name"),
        to_field_name="code",
        empty_label="Choose a court",
        error_messages={"invalid_choice": "Choose a court from the list."},
    )


def signer_chosen(signers, value):
    """The signer a start form's `signer` field chose (a user's id as text) among `signers`:
    the only one when the field is not shown; None when the user may sign for nobody."""
    return next((s for s in signers if str(s.pk) == value), signers[0] if signers else None)


class CourtStepForm(AccessibleForm):
    """The first step of starting a filing (a GET form): the court, so that the next step
    offers only the case types it takes, with or without JavaScript."""

    court = _court_field()


class StartForm(AccessibleForm):
    NEW, EXISTING = "new", "existing"
    court = _court_field()
    kind = forms.ChoiceField(
        label="What are you filing?",
        choices=[(NEW, "A new case"), (EXISTING, "Into an existing case")],
        widget=forms.RadioSelect,
        initial=NEW,
    )
    case_type = forms.ModelChoiceField(
        queryset=CaseType.objects.order_by("name"),
        to_field_name="code",
        required=False,
        label="Case type (new case)",
        empty_label="Choose a case type",
        error_messages={"invalid_choice": "Choose a case type this court takes, from the list."},
    )
    caption = forms.CharField(
        label="Caption (new case)",
        required=False,
        max_length=column_max_length(Envelope, "caption"),
        help_text="For example: Lawson v. Acme Corp.",
    )
    case_number = forms.CharField(
        label="Case number (existing case)",
        required=False,
        max_length=column_max_length(Case, "number"),
        help_text="For example: 26SL-CC00001.",
    )
    signer = forms.ChoiceField(label="Signing attorney", required=False)
    # The labels say when these are needed ("(new case)"): none of them is "(optional)".
    needed_when = {"case_type": "", "caption": "", "case_number": ""}

    def __init__(self, *args, signers=(), **kwargs):
        super().__init__(*args, **kwargs)
        code = self["court"].value()
        plain = isinstance(code, str) and code and text_problem(code) is None  # no NUL queried
        court = self.fields["court"].queryset.filter(code=code).first() if plain else None
        self.chosen_court = court
        if court is not None:  # only the types the chosen court takes; the court stays
            self.fields["case_type"].queryset = court.case_types.order_by("name")
            self.fields["court"].widget = forms.HiddenInput()
        self.fields["signer"].choices = [(str(s.pk), s.get_full_name()) for s in signers]
        if len(signers) <= 1:
            del self.fields["signer"]


class ServeStartForm(AccessibleForm):
    """Serving documents without filing them (decision 0014): the case, by its court and
    number (filled in from the case page), and for staff the attorney who signs."""

    court = _court_field()
    case_number = forms.CharField(
        label="Case number",
        max_length=column_max_length(Case, "number"),
        help_text="A case you take part in, for example: 26SL-CC00001.",
    )
    signer = forms.ChoiceField(label="Signing attorney", required=False)
    needed_when = {"signer": ""}

    def __init__(self, *args, signers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = [(str(s.pk), s.get_full_name()) for s in signers]
        if len(signers) <= 1:
            del self.fields["signer"]


class PartyForm(AccessibleForm):
    kind = forms.ChoiceField(
        choices=Party.Kind.choices,
        widget=forms.RadioSelect,
        initial=Party.Kind.PERSON,
        label="Person or organization",
    )
    role = forms.ChoiceField(choices=Party.PartyRole.choices)
    first_name = forms.CharField(required=False, max_length=column_max_length(Party, "first_name"))
    middle_name = forms.CharField(
        required=False, max_length=column_max_length(Party, "middle_name")
    )
    last_name = forms.CharField(required=False, max_length=column_max_length(Party, "last_name"))
    organization_name = forms.CharField(
        required=False,
        max_length=column_max_length(Party, "organization_name"),
        label="Organization name",
    )
    birth_year = forms.CharField(  # checked by the service, in its words (a year, not a date)
        required=False,
        max_length=20,
        label="Year of birth",
        help_text="A person's year of birth only, e.g. 1984: the public sees the year, never a "
        "full date of birth.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address_line1 = forms.CharField(
        required=False,
        max_length=column_max_length(Party, "address_line1"),
        label="Address",
        help_text="Kept confidential: never shown to the public.",
    )
    city = forms.CharField(required=False, max_length=column_max_length(Party, "city"))
    state = forms.CharField(required=False, max_length=column_max_length(Party, "state"))
    postal_code = forms.CharField(
        required=False, max_length=column_max_length(Party, "postal_code"), label="ZIP code"
    )
    represented = forms.BooleanField(required=False, label="I file on behalf of this party")
    needed_when = {"last_name": "for a person", "organization_name": "for an organization"}


class FilingForm(AccessibleForm):
    code = forms.ChoiceField(label="Document type (filing code)")
    description = forms.CharField(
        required=False,
        max_length=column_max_length(Filing, "description"),
        help_text="Optional words added to the docket text.",
    )
    responds_to = forms.TypedChoiceField(
        label="Responding to",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The earlier docket entry this filing answers or opposes, if any.",
    )
    appearing_for = forms.TypedMultipleChoiceField(
        label="Parties you appear for (entry of appearance only)",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="An entry of appearance names the parties you represent from now on.",
    )

    def __init__(
        self, *args, codes=(), entries=(), parties=(), signer=None, serve_only=False, **kwargs
    ):
        """`entries`: the case's docket entries; `parties`: the Parties an entry of appearance
        may name (none for a new case or a case named by number: those fields go away), each
        labelled "(represented by <attorney>)" when counsel other than `signer` (a User)
        represents it; `serve_only`: documents served, not filed (decision 0014)."""
        super().__init__(*args, **kwargs)
        if serve_only:  # the bound field, already made (and hinted) by describe_fields, too
            self.fields["description"].help_text = SERVE_ONLY_DESCRIPTION
            self["description"].help_text = SERVE_ONLY_DESCRIPTION
        if parties:
            self.fields["appearing_for"].choices = [
                (str(p.pk), appearable_label(p, signer)) for p in parties
            ]
        else:
            del self.fields["appearing_for"]
        self.fields["code"].choices = [("", "Choose a document type")] + [
            (c.code, c.name) for c in codes
        ]
        if entries:
            self.fields["responds_to"].choices = [("", "Nothing in particular")] + [
                (str(e.number), _entry_label(e)) for e in entries
            ]
        else:
            del self.fields["responds_to"]


def _entry_label(entry) -> str:
    if entry.security_level == "sealed":
        return f"{entry.number}. (sealed entry)"
    text = entry.text if len(entry.text) <= 90 else entry.text[:89] + "…"
    return f"{entry.number}. {text}"


class UploadForm(AccessibleForm):
    """Validates any kind of document: the service refuses one the envelope may not hold, in
    its own words (the page offers only efiling.filings.documents.document_kinds)."""

    kind = forms.ChoiceField(choices=Document.Kind.choices, label="This file is")
    title = forms.CharField(
        required=False,
        max_length=column_max_length(Document, "title"),
        help_text="Optional; the file name is used otherwise.",
    )


class SignForm(AccessibleForm):
    secret_fields = ("idempotency_key",)
    signature = forms.CharField(
        max_length=column_max_length(Envelope, "signature"), label="Electronic signature"
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput,
        max_length=column_max_length(Envelope, "idempotency_key"),
    )


class SplitForm(AccessibleForm):
    court = forms.ModelChoiceField(
        queryset=Court.objects.filter(efiling_participating=True).order_by("name"),
        to_field_name="code",
        empty_label="Choose a court",
        help_text="Its attachment limit decides the size of each part.",
    )


class ServiceRequestForm(AccessibleForm):
    """Service of process on one party of a new case (efiling.filings.service_requests checks
    which fields the manner needs; the labels say which)."""

    needed_when = {
        "county": "required for service by sheriff",
        "process_server": "required for service by special process server",
        "appointment_request": "required for service by special process server",
    }

    party = forms.TypedChoiceField(label="Party to serve", coerce=int)
    manner = forms.ChoiceField(
        label="Manner of service",
        choices=ServiceManner.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the party is to be served: by sheriff, special process "
            "server, certified mail or publication."
        },
    )
    county = forms.ChoiceField(
        label="County of the sheriff",
        required=False,
        help_text="Service by sheriff: the county where the party is to be served.",
    )
    process_server = forms.CharField(
        label="Special process server",
        required=False,
        max_length=column_max_length(ServiceRequest, "process_server"),
        help_text="Service by special process server: their full name.",
    )
    appointment_request = forms.CharField(
        label="Request to appoint them",
        required=False,
        max_length=column_max_length(ServiceRequest, "appointment_request"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Service by special process server: why they should be appointed.",
    )

    def __init__(self, *args, parties, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(p.pk, p.display_name) for p in parties]
        self.fields["county"].choices = [("", "Choose a county"), *((c, c) for c in counties)]
