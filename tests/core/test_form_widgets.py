"""Each kind of input gets its USWDS look (efiling.core.forms.USWDS_INPUT_CLASSES): checkboxes
draw as checkboxes, not as radio buttons (trial of issue 12: the entry of appearance's party
checkboxes carried the radio classes, since Django's CheckboxSelectMultiple is a RadioSelect)."""

from django import forms

from efiling.core.forms import AccessibleForm


class Choices(AccessibleForm):
    several = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_checkboxes_and_radios_each_get_their_own_classes():
    form = Choices()
    assert form.fields["several"].widget.attrs["class"] == "usa-checkbox__input"
    assert form.fields["one"].widget.attrs["class"] == "usa-radio__input"


class LateHint(AccessibleForm):
    """As forms whose hint depends on data do (payments' Add funds): the text is set after
    AccessibleForm.__init__ has described the fields once."""

    amount = forms.CharField(label="Amount", max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = "Between $5.00 and $10,000.00."
        self.fields["amount"].label = "Amount (US dollars)"
        self.describe_fields()


def test_a_hint_or_label_set_after_init_is_what_the_page_shows():
    form = LateHint()
    assert form["amount"].help_text == "Between $5.00 and $10,000.00."
    assert form["amount"].label == "Amount (US dollars)"
    assert 'aria-describedby="id_amount-hint"' in str(form["amount"])


def test_an_error_added_after_cleaning_is_tied_to_its_input():
    """A refusal added once the form is valid (a service's, as the public search's name check
    was) is announced with its field: aria-describedby names the error, aria-invalid is set."""
    form = LateHint({"amount": "5"})
    assert form.is_valid()
    form.add_error("amount", "At least 2 letters.")
    html = str(form["amount"])
    assert 'aria-describedby="id_amount-hint id_amount-error"' in html
    assert 'aria-invalid="true"' in html and "usa-input--error" in html
