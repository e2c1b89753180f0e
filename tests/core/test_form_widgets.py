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
