"""The public search's GET forms, one per kind (docket.public_search.KINDS). Their parameters
are the API's (GetPublicCaseList), so a page URL and an API URL ask the same question."""

from __future__ import annotations

from django import forms

from efiling.cases.models import Party
from efiling.core.errors import ValidationFailed
from efiling.core.forms import AccessibleForm, DatePicker
from efiling.courts.models import CaseType, Court
from efiling.docket.public_search import (
    NAME_MIN,
    SIDES,
    SORTS,
    PublicSearch,
    search_checked,
    search_zone,
)
from efiling.filings.parties import BIRTH_YEAR_MIN, birth_year_value

NAME_MAX = 60


def _name(label: str, hint: str = "", *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=NAME_MAX, required=required, help_text=hint)


def _sort() -> forms.ChoiceField:
    return forms.ChoiceField(choices=list(SORTS.items()), required=False, label="Order")


class CourtCodeField(forms.ModelChoiceField):
    """A court by its location code, typed in any case ("sl" is SL), as the API takes it."""

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class SearchForm(AccessibleForm):
    """What every kind has: the court (blank: every court)."""

    kind = ""
    court = CourtCodeField(
        queryset=Court.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label="Every court",
        error_messages={"invalid_choice": "Choose a court from the list."},
    )

    def __init__(self, *args, **kwargs):
        """A kind whose form offers no order still reads one sent (a bookmarked or typed URL),
        as the API does, so the search refuses one its kind does not take (relevance for a
        filing-date search) on that field, instead of quietly ignoring it."""
        super().__init__(*args, **kwargs)
        if "sort" not in self.fields and self.data.get("sort"):
            self.fields["sort"] = _sort()

    def search(self) -> PublicSearch:
        """The search the valid form asks for."""
        values = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return PublicSearch(kind=self.kind, **values)

    def clean(self):
        """The search's own checks (docket.public_search.search_checked) with the fields', so
        every error shows at once; a field already refused is not refused twice."""
        cleaned = super().clean()
        try:
            search_checked(self.search())
        except ValidationFailed as refused:
            field = refused.field if refused.field in self.fields else None
            if field is None or field not in self.errors:
                self.add_error(field, refused.message)
        return cleaned


class NameSearchForm(SearchForm):
    kind = "name"
    last_name = _name(
        "Last name or organization name",
        f"At least {NAME_MIN} letters; the start of a name finds it (Laws finds Lawson). Accents, "
        "hyphens, Mc or Mac and endings such as LLC or Inc. do not matter.",
        required=True,
    )
    first_name = _name("First name or initial", "Only people with this first name.")
    # The range is checked by filings.parties.birth_year_value, in the one message every
    # form of a year of birth gives; a min_value would say "at least 1900" only.
    birth_year = forms.IntegerField(
        label="Year of birth",
        required=False,
        help_text=f"Four digits, {BIRTH_YEAR_MIN} to this year, for example 1979. Only people "
        "whose year of birth is known.",
    )
    birth_year.example = "1979"
    sort = _sort()
    field_order = ["last_name", "first_name", "birth_year", "court", "sort"]

    def clean_birth_year(self) -> int | None:
        """Checked on its own too, so that it is said with the name's error at once."""
        try:
            return birth_year_value(
                self.cleaned_data["birth_year"], kind=Party.Kind.PERSON, time_zone=search_zone()
            )
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from None


class NumberSearchForm(SearchForm):
    kind = "number"
    number = forms.CharField(
        label="Case number",
        max_length=24,
        help_text="For example 26SL-CC00001; capitals, spaces and dashes do not matter.",
    )
    field_order = ["number", "court"]


class FiledSearchForm(SearchForm):
    kind = "filed"
    filed_from = forms.DateField(
        label="First filing day",
        widget=DatePicker(),
        help_text="Cases filed on or after this day, mm/dd/yyyy.",
    )
    filed_to = forms.DateField(
        label="Last filing day",
        required=False,
        widget=DatePicker(),
        help_text="Cases filed on or before this day, mm/dd/yyyy. Leave it blank for up to today.",
    )
    case_type = forms.ModelChoiceField(
        queryset=CaseType.objects.filter(confidential=False, protection_order=False).order_by(
            "name"
        ),
        to_field_name="code",
        required=False,
        empty_label="Every case type",
        error_messages={"invalid_choice": "Choose a case type from the list."},
    )
    field_order = ["filed_from", "filed_to", "case_type", "court"]


class AttorneySearchForm(SearchForm):
    kind = "attorney"
    bar_number = forms.CharField(
        label="Missouri bar number",
        max_length=10,
        required=False,
        help_text="Digits only. Or leave it blank and give the attorney's name.",
    )
    attorney_last_name = _name("Attorney's last name", "At least 2 letters.")
    attorney_first_name = _name("Attorney's first name or initial")
    field_order = ["bar_number", "attorney_last_name", "attorney_first_name", "court"]


class HearingsSearchForm(SearchForm):
    kind = "hearings"
    hearing_date = forms.DateField(label="Day of the hearings", widget=DatePicker())
    judge = _name("Judge's last name", "At least 2 letters.")
    field_order = ["hearing_date", "court", "judge"]


class JudgmentsSearchForm(SearchForm):
    kind = "judgments"
    last_name = _name(
        "Name of a person or organization",
        "A last name or organization name, at least 2 letters.",
        required=True,
    )
    first_name = _name("First name or initial")
    side = forms.ChoiceField(choices=list(SIDES.items()), required=False, label="Judgments")
    field_order = ["last_name", "first_name", "side", "court"]


SEARCH_FORMS = {
    form.kind: form
    for form in (
        NameSearchForm,
        NumberSearchForm,
        FiledSearchForm,
        AttorneySearchForm,
        HearingsSearchForm,
        JudgmentsSearchForm,
    )
}
