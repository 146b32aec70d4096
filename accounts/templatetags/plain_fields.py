"""`{{ form.field|plain_field }}`: a form field in Bootstrap 5 markup, built in Python.

The same markup as crispy-forms' `as_crispy_field` (label, widget, help text, errors tied to the input by
`aria-describedby`), at a fraction of the cost: crispy renders a dozen nested templates per field, which
is most of a hot page's template time. Hot pages (the triage form, list filters) use this; long forms
with layouts keep crispy.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput,)
_CHOICE_LIST_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _input_class(widget) -> str:
    if isinstance(widget, _CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, forms.Select) and not isinstance(widget, _CHOICE_LIST_WIDGETS):
        return "form-select"
    return "form-control"


def _errors(bound) -> SafeString:
    if not bound.errors:
        return mark_safe("")  # noqa: S308 — a constant empty string
    return format_html(
        '<div id="{}_error" class="invalid-feedback d-block">{}</div>',
        bound.auto_id,
        format_html_join("", "<p><strong>{}</strong></p>", ((error,) for error in bound.errors)),
    )


def _help(bound) -> SafeString:
    if not bound.help_text:
        return mark_safe("")  # noqa: S308 — a constant empty string
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id, bound.help_text)


def _widget(bound, extra_class: str = "") -> SafeString:
    classes = [bound.field.widget.attrs.get("class", ""), extra_class or _input_class(bound.field.widget)]
    attrs = {"class": " ".join(c for c in classes if c)}
    described = [f"{bound.auto_id}_error"] if bound.errors else []
    if bound.help_text:
        described.append(f"{bound.auto_id}_helptext")
    if bound.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound.as_widget(attrs=attrs)


def _required_mark(bound) -> SafeString:
    return mark_safe('<span class="asteriskField">*</span>') if bound.field.required else mark_safe("")  # noqa: S308


def _choice_list(bound) -> SafeString:
    kind = "checkbox" if isinstance(bound.field.widget, forms.CheckboxSelectMultiple) else "radio"
    invalid = " is-invalid" if bound.errors else ""
    options = format_html_join(
        "",
        '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" value="{}" id="{}"{}{}>'
        '<label for="{}" class="form-check-label">{}</label></div>',
        (
            (
                kind,
                invalid,
                option.data["name"],
                option.data["value"],
                option.id_for_label,
                mark_safe(" checked") if option.data["selected"] else "",  # noqa: S308
                mark_safe(" required") if bound.field.required and kind == "radio" else "",  # noqa: S308
                option.id_for_label,
                option.choice_label,
            )
            for option in bound.subwidgets
        ),
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><fieldset><legend class="form-label fs-6">{}{}</legend><div>{}</div>{}{}'
        "</fieldset></div>",
        bound.auto_id,
        bound.label,
        _required_mark(bound),
        options,
        _errors(bound),
        _help(bound),
    )


@register.filter
def plain_field(bound) -> SafeString:
    """One bound field as Bootstrap 5 markup: a checkbox, a list of radios or checkboxes, or a labelled input."""
    widget = bound.field.widget
    if widget.is_hidden:
        return bound.as_widget()
    if isinstance(widget, _CHOICE_LIST_WIDGETS):
        return _choice_list(bound)
    if isinstance(widget, _CHECK_WIDGETS):
        return format_html(
            '<div id="div_{}" class="form-check mb-3">{}<label for="{}" class="form-check-label">{}</label>{}{}</div>',
            bound.auto_id,
            _widget(bound),
            bound.id_for_label,
            bound.label,
            _errors(bound),
            _help(bound),
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}{}</label>{}{}{}</div>',
        bound.auto_id,
        bound.id_for_label,
        bound.label,
        _required_mark(bound),
        _widget(bound),
        _errors(bound),
        _help(bound),
    )
