"""The calendar page's rows, built once in Python: the template only loops over them.

A busy month shows each booking in a bar, maybe in a "+N more" list, and in the phone's agenda: its link,
its dates and the words of each week's figures are written here once, not by a template tag per cell.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from accounts.formatting import date_format, hours

from .. import calendar_layout, capacity
from ..calendar_layout import Rank, Span


@dataclass
class Item:
    """A booking, a hold or a time off as the page shows it: one bar per week row, once in the agenda."""

    kind: str  # "firm", "hold" or "off" (the CSS classes cal-event-firm, -hold, -off)
    title: str
    url: str
    start: date
    end: date
    ids: list[int] = field(default_factory=list)  # the bookings (or the time off) it shows
    dates: str = ""
    html: str = ""  # its link, with what a screen reader needs to know
    data: str = ""  # its ids, for the data-firm / data-hold / data-off attribute
    tooltip: str = ""  # "Tentative: Logo (3 – 5 Dec)"


RANK = {"off": Rank.TIME_OFF, "firm": Rank.BOOKING, "hold": Rank.HOLD}


def _linker(name: str):
    """pk → the URL of that object's page, without resolving the pattern again for every item."""
    marker = "2147483647"
    url = reverse(name, args=[int(marker)])
    return lambda pk: url.replace(marker, str(pk))


def _booking_items(bookings) -> list[Item]:
    """A firm booking links to its project, a hold to the request under negotiation. The weekly bookings
    of one project that follow each other are one item: one bar per week row, one line in the agenda."""
    items: list[Item] = []
    last_of: dict[tuple, Item] = {}
    project_url, incoming_url = _linker("projects:project_detail"), _linker("projects:incoming_detail")
    for booking in sorted(bookings, key=lambda b: (b.start, b.pk)):
        key = (booking.tentative, booking.project_id, booking.incoming_id)
        previous = last_of.get(key) if (booking.project_id or booking.incoming_id) else None
        if previous and booking.start <= previous.end + timedelta(days=1):
            previous.end = max(previous.end, booking.end)
            previous.ids.append(booking.pk)
            continue
        kind = "hold" if booking.tentative else "firm"
        if kind == "firm" and booking.project_id:
            title, url = booking.project_title, project_url(booking.project_id)
        elif booking.incoming_id:
            title, url = booking.incoming_title, incoming_url(booking.incoming_id)
        else:
            title, url = (_("Tentative hold") if booking.tentative else _("Booking")), ""
        items.append(item := Item(kind, title, url, booking.start, booking.end, ids=[booking.pk]))
        last_of[key] = item
    return items


def _time_off_items(time_off) -> list[Item]:
    time_off_url = _linker("projects:time_off_edit")
    return [Item("off", t.label, time_off_url(t.pk), t.start, t.end, ids=[t.pk]) for t in time_off]


class _Dates:
    """A day or a range in the locale's own formats; the year only when it is not the one shown. Each day is
    formatted once per page, however many items start or end on it."""

    def __init__(self, year: int):
        self.year = year
        # Translators: a range of dates, e.g. "3 December – 7 December".
        self.range = _("%(start)s – %(end)s")
        self.known: dict[tuple[date, str], str] = {}

    def day(self, value: date, name: str) -> str:
        text = self.known.get((value, name))
        if text is None:
            text = self.known[value, name] = date_format(value, name)
        return text

    def __call__(self, start: date, end: date) -> str:
        name = "MONTH_DAY_FORMAT" if start.year == end.year == self.year else "DATE_FORMAT"
        if start == end:
            return self.day(start, name)
        return self.range % {"start": self.day(start, name), "end": self.day(end, name)}


def _item_html(item: Item, prefix: str | None) -> str:
    """The title (a hold or a time off says so to a screen reader), linked to its page when it has one."""
    label = format_html('<span class="visually-hidden">{} </span>{}', prefix, item.title) if prefix else item.title
    return format_html('<a href="{}">{}</a>', item.url, label) if item.url else conditional_escape(label)


def week_figures(load: capacity.WeekLoad) -> str:
    """What a week holds, in words: confirmed bookings against its hours, tentative holds apart."""
    figures = {"booked": hours(load.booked), "capacity": hours(load.capacity), "held": hours(load.held)}
    if load.capacity and load.held:
        return _("Booked: %(booked)s of %(capacity)s; tentative holds: %(held)s") % figures
    if load.capacity:
        return _("Booked: %(booked)s of %(capacity)s") % figures
    if load.held:
        return _("No working hours; tentative holds: %(held)s") % figures
    return _("No working hours")


def heat_cells(weeks: list[capacity.WeekLoad]) -> list[dict]:
    """Each week of the heat-map with its sentence for a screen reader (the colour and % say it to the eye)."""
    levels = {
        capacity.Level.OVER: _("over-booked"),
        capacity.Level.FULL: _("full"),
        capacity.Level.BUSY: _("busy"),
        capacity.Level.FREE: _("free"),
        capacity.Level.OFF: _("no working day"),
    }
    cells = []
    for week in weeks:
        words = _("Week of %(monday)s: %(level)s. %(figures)s; free: %(free)s.") % {
            "monday": date_format(week.monday, "DATE_FORMAT"),
            "level": levels[week.level],
            "figures": week_figures(week),
            "free": hours(week.free),
        }
        label = _("W%(number)s") % {"number": week.week}  # the ISO week number, "S49" in French
        cells.append({"load": week, "label": label, "words": words, "held": hours(week.held) if week.held else ""})
    return cells


def _day_cells(days, first: date, last: date, today: date) -> list[dict]:
    cells = []
    for load in days:
        classes = ["cal-day"]
        if load.day < first or load.day > last:
            classes.append("cal-outside")
        if load.off:
            classes.append("cal-off")
        elif not load.capacity:
            classes.append("cal-rest")
        if load.day == today:
            classes.append("cal-today")
        free = _("%(hours)s free") % {"hours": hours(load.free)} if load.capacity else ""
        cells.append({"number": load.day.day, "classes": " ".join(classes), "today": load.day == today, "free": free})
    return cells


def _bar(bar: calendar_layout.Bar, shown: dict) -> dict:
    classes = f"cal-event cal-event-{shown['kind']} from-{bar.column} span-{bar.length} lane-{bar.lane}"
    if bar.starts_before:
        classes += " cal-before"
    if bar.ends_after:
        classes += " cal-after"
    return {"classes": classes, "item": shown}


def week_rows(cal, bookings, time_off, period: tuple[date, date], shown: tuple[date, date], lanes: int) -> list[dict]:
    """Each week row: its days, its bars, its "+N more", its figures (counted like the heat-map: confirmed
    bookings, holds apart) and its part of the phone's agenda.

    Plain dicts and strings, each item's written once: the template only loops and prints (a dictionary
    is what a template looks up fastest; a busy month shows a hundred bars and agenda lines).
    """
    (first, last), (shown_first, shown_last) = period, shown
    bookings = [b for b in bookings if b.start <= shown_last and b.end >= shown_first]
    time_off = [t for t in time_off if t.start <= shown_last and t.end >= shown_first]
    items = [*_time_off_items(time_off), *_booking_items(bookings)]
    prefixes = {"hold": _("Tentative:"), "off": _("Time off:")}
    dates = _Dates(first.year)
    for item in items:
        item.dates = dates(item.start, item.end)
        item.html = _item_html(item, prefixes.get(item.kind))
        item.data = " ".join(str(pk) for pk in item.ids)
        title = f"{prefixes['hold']} {item.title}" if item.kind == "hold" else item.title
        item.tooltip = f"{title} ({item.dates})"
    spans = [Span(item.start, item.end, RANK[item.kind], _shown(item)) for item in items]
    rows = calendar_layout.week_rows(spans, shown_first, shown_last, max_lanes=lanes)
    days = capacity.day_loads(cal, shown_first, shown_last, include_tentative=False)
    weeks = capacity.weekly_utilisation(cal, shown_first, shown_last)
    today = timezone.localdate()
    result = []
    for index, (row, week) in enumerate(zip(rows, weeks, strict=True)):
        new = [span.item for span in row.new]
        result.append(
            {
                "monday": row.monday.isoformat(),
                # Translators: the heading of a week row of the calendar.
                "heading": _("Week of %(monday)s") % {"monday": dates.day(row.monday, "DATE_FORMAT")},
                "lanes": row.lanes,
                "days": _day_cells(days[index * 7 : index * 7 + 7], first, last, today),
                "bars": [_bar(bar, bar.span.item) for bar in row.bars],
                "figures": week_figures(week),
                "more": [span.item for span in row.more],
                "agenda": [item for item in new if item["kind"] != "hold"],
                "agenda_holds": [item for item in new if item["kind"] == "hold"],
            }
        )
    return result


def _shown(item: Item) -> dict:
    """What the template prints of an item."""
    return {"kind": item.kind, "html": item.html, "dates": item.dates, "data": item.data, "tooltip": item.tooltip}
