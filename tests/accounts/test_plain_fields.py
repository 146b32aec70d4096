"""The plain field renderer: the markup a user and a screen reader rely on (label, state, error tied to the input)."""

from django import forms
from django.template import Context, Template

RENDER = Template("{% load plain_fields %}{% for field in form %}{{ field|plain_field }}{% endfor %}")


class SampleForm(forms.Form):
    choice = forms.ChoiceField(choices=[("a", "Apples"), ("b", "Pears & plums")], widget=forms.RadioSelect)
    amount = forms.DecimalField(label="Amount", help_text="Before tax")
    kind = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    agree = forms.BooleanField(label="I agree", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def render(data=None) -> str:
    form = SampleForm(data)
    if data is not None:
        form.is_valid()
    return RENDER.render(Context({"form": form}))


def test_radios_are_a_fieldset_with_one_label_each_and_the_posted_one_checked():
    html = render({"choice": "b", "amount": "3"})
    assert "<legend" in html and ">Choice<span" in html
    checked = '<input type="radio" class="form-check-input" name="choice" value="b" id="id_choice_1" checked required>'
    assert checked in html
    assert '<label for="id_choice_1" class="form-check-label">Pears &amp; plums</label>' in html


def test_an_error_marks_the_input_invalid_and_is_tied_to_it():
    html = render({"choice": "a", "amount": "many"})
    described = 'aria-describedby="id_amount_error id_amount_helptext"'
    assert f'class="form-control is-invalid" aria-invalid="true" {described}' in html
    error = '<div id="id_amount_error" class="invalid-feedback d-block"><p><strong>Enter a number.</strong></p></div>'
    assert error in html
    assert '<div id="id_amount_helptext" class="form-text">Before tax</div>' in html


def test_selects_checkboxes_and_hidden_inputs_get_their_own_markup():
    html = render()
    assert '<select name="kind" class="form-select" id="id_kind">' in html
    assert '<input type="checkbox" name="agree" class="form-check-input" id="id_agree"><label for="id_agree"' in html
    assert '<input type="hidden" name="secret" id="id_secret">' in html
    assert "div_id_secret" not in html
