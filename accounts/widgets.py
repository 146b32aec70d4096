"""Form widgets shared by the apps."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _html_attrs(attrs: dict) -> str:
    """Like django/forms/widgets/attrs.html: in order, `True` alone, `False` left out; escaped."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's templates, without one template per option.

    The triage form lists every colleague; rendering 200 <option> templates was half the page's time.
    Single choice only; like Django, only the first option matching the value is selected.
    """

    allow_multiple_selected = False

    def _options(self, choices, chosen: set[str], state: dict) -> str:
        parts = []
        for option_value, option_label in choices:
            if isinstance(option_label, list | tuple):
                parts.append(f'<optgroup label="{escape(option_value)}">')
                parts.append(self._options(option_label, chosen, state))
                parts.append("</optgroup>")
                continue
            text = "" if option_value is None else str(option_value)
            selected = not state["selected"] and text in chosen
            state["selected"] = state["selected"] or selected
            parts.append(
                f'<option value="{escape(text)}"{" selected" if selected else ""}>{escape(option_label)}</option>'
            )
        return "".join(parts)

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options(self.choices, set(self.format_value(value)), {"selected": False})
        html = f'<select name="{escape(name)}"{_html_attrs(self.build_attrs(self.attrs, attrs))}>{options}</select>'
        return mark_safe(html)  # noqa: S308 -- every name, value and label above went through escape()


class DateInput(forms.DateInput):
    """The browser's date picker, fed ISO dates whatever the locale."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def with_plain_selects(form):
    """The same <select>s, written in Python rather than one widget template per option (see PlainSelect)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            plain = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            plain.is_required = field.widget.is_required
            field.widget = plain
    return form
