"""The training calendar as iCalendar files (RFC 5545), in memory: one for the whole site,
to subscribe to, and one for each event, to add it to a calendar.

Same input, same bytes: DTSTAMP is the date of the issue that announced the event (midnight
UTC), never the time of the build, and an event's UID comes from what it is (see
:attr:`sscbgen.site.Event.name`), not from its place in a list.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

from sscbgen import formats
from sscbgen.content.addresses import CALENDAR_PATH
from sscbgen.content.markdown import render_text
from sscbgen.content.models import TrainingEvent
from sscbgen.jobs import Run, run_here
from sscbgen.site import Event, Site

PRODID = "-//sscbgen//Training calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One event as the calendar files write it: everything they need, so a file is a pure job."""

    uid: str
    stamp: dt.date             # the date of the issue that announced it
    event: TrainingEvent
    origin: str                # "From <article>, <issue>"
    address: str | None        # the article's full address, where the site has one


@dataclass(frozen=True)
class EventFiles:
    """The "Add to calendar" files of one issue's events: one job an issue, not one an event."""

    paths: tuple[str, ...]
    events: tuple[CalendarEvent, ...]
    timezone: str


@dataclass(frozen=True)
class Written:
    """One event as written: its own file, and its VEVENT, which the whole calendar joins."""

    file: bytes
    vevent: bytes
    timed: bool          # at a time of day in the zone (so the calendar needs its VTIMEZONE)


def render_ics(site: Site, run: Run = run_here) -> dict[str, bytes]:
    """``training/calendar.ics`` with every event, and each event's own file. Each event is
    written once (by its issue's job), and the whole calendar joins what they wrote."""
    zone = site.config.timezone
    events = {item.ics_path: _calendar_event(site, item) for item in site.events}
    by_issue: dict[str, list[str]] = {}
    for item in site.events:
        by_issue.setdefault(item.home, []).append(item.ics_path)
    jobs = [EventFiles(tuple(paths), tuple(events[path] for path in paths), zone) for paths in by_issue.values()]
    written = {path: made for job, files in zip(jobs, run("calendar", render_event_files, jobs), strict=True)
               for path, made in zip(job.paths, files, strict=True)}
    files = {path: made.file for path, made in written.items()}
    whole = [item.ics_path for item in site.calendar]
    files[CALENDAR_PATH] = _joined(_frame(zone, f"{site.config.board.short_name} training", [events[path] for path in whole],
                                          any(written[path].timed for path in whole)),
                                   [written[path].vevent for path in whole])
    return files


def render_event_files(job: EventFiles) -> tuple[Written, ...]:
    zone = ZoneInfo(job.timezone)
    made = []
    for item in job.events:
        event = _event(item, zone)
        probe = icalendar.Calendar()
        probe.add_component(event)
        timed = bool(probe.get_missing_tzids())
        vevent = event.to_ical()
        made.append(Written(_joined(_frame(job.timezone, None, [item], timed), [vevent]), vevent, timed))
    return tuple(made)


def _frame(timezone: str, name: str | None, events: list[CalendarEvent], timed: bool) -> bytes:
    """A calendar without its events: its properties, and the zone's VTIMEZONE where an event
    is at a time of day (``name``: the subscribed calendar's name; None for an event's own file)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", timezone)
        calendar.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
    if timed:  # timed events, in a zone other than UTC
        years = [e.event.date.year for e in events]
        calendar.add_component(vtimezone(timezone, min(years), max(years)))
    return calendar.to_ical()


def _joined(frame: bytes, vevents: list[bytes]) -> bytes:
    """The events written into the calendar, after its properties and VTIMEZONE (as icalendar
    writes a calendar's components: each one's lines in turn)."""
    end = b"END:VCALENDAR\r\n"
    assert frame.endswith(end)
    return frame[: -len(end)] + b"".join(vevents) + end


def _uid(site: Site, event: Event) -> str:
    """The board, the issue and the event's name, as a UUID (RFC 7986 5.3): the same event
    keeps it from build to build, and no two boards' events share one."""
    return _uuid(f"sscbgen:{site.config.board.name}/{event.home}/{event.name}")


@functools.lru_cache(maxsize=65536)   # (serve asks again at every save)
def _uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _calendar_event(site: Site, item: Event) -> CalendarEvent:
    address = site.site_url + item.page_path if site.site_url else None
    return CalendarEvent(_uid(site, item), item.issue.meta.date, item.event, item.origin, address)


def vtimezone(name: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The zone's offsets from 1 January of ``first_year`` to the end of ``last_year``.

    Each change's DTSTART is its local time in the offset *before* it (RFC 5545 3.6.5): the
    clocks go forward in London at 01:00. (icalendar's ``Timezone.from_tzid`` writes 02:00,
    the time after the change, which puts the change an hour late; so the changes are found
    here, and only written with icalendar's components.)
    """
    zone = ZoneInfo(name)
    timezone = icalendar.Timezone()
    timezone.add("tzid", name)
    for moment, before in _changes(name, first_year, last_year):
        local = moment.astimezone(zone)
        part = icalendar.TimezoneDaylight() if local.dst() else icalendar.TimezoneStandard()
        part.add("dtstart", (moment + before).replace(tzinfo=None))
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", local.utcoffset())
        part.add("tzname", local.tzname())
        timezone.add_component(part)
    return timezone


@functools.lru_cache(maxsize=16)
def _changes(name: str, first_year: int, last_year: int) -> tuple[tuple[dt.datetime, dt.timedelta], ...]:
    """(the moment in UTC, the offset before it): 1 January of ``first_year``, then each change
    of offset, found to the second."""
    zone = ZoneInfo(name)

    def offset(moment: dt.datetime) -> dt.timedelta:
        return moment.astimezone(zone).utcoffset() or dt.timedelta(0)

    day = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    changes = [(day, offset(day))]
    while day.year <= last_year:
        after = day + dt.timedelta(days=1)
        was = offset(day)
        if was != offset(after):
            before, at = day, after
            while at - before > dt.timedelta(seconds=1):
                middle = before + (at - before) / 2
                before, at = (middle, at) if offset(middle) == was else (before, middle)
            changes.append((at.replace(microsecond=0), was))
        day = after
    return tuple(changes)


def _event(item: CalendarEvent, zone: ZoneInfo) -> icalendar.Event:
    e = item.event
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", dt.datetime.combine(item.stamp, dt.time(0), dt.UTC))
    if e.start is None:  # an all-day event: DTEND is the next day (RFC 5545 3.6.1)
        event.add("dtstart", e.date)
        event.add("dtend", e.date + dt.timedelta(days=1))
    else:  # without an end time the event has no length, as RFC 5545 says, rather than a guessed one
        event.add("dtstart", dt.datetime.combine(e.date, e.start, zone))
        if e.end is not None:
            event.add("dtend", dt.datetime.combine(e.date, e.end, zone))
    event.add("summary", e.title)
    if e.venue:
        event.add("location", e.venue)
    if e.booking:
        event.add("url", e.booking)
    event.add("description", _description(item))
    return event


def _description(item: CalendarEvent) -> str:
    e = item.event
    full = e.places in ("full", 0)
    lines = [
        render_text(e.notes) if e.notes else "",
        f"Provided by {e.provider}" if e.provider else "",
        f"For {e.audience}" if e.audience else "",
        "Full: no places left" if full else formats.places(e.places),
        f"Book at {e.booking}" if e.booking and not full else "",
        item.origin,
        item.address or "",
    ]
    return "\n".join(line for line in lines if line)
