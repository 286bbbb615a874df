"""The training calendar's iCalendar files, built through the CLI and read back with the
icalendar library: every event of the example with its times in Europe/London, all-day
events, the per-event files, and UIDs that stay with their event from build to build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from sitecopy import SiteCopy

LEARNING = "content/issues/2015-05/09-learning-and-development.md"
LONDON = ZoneInfo("Europe/London")

# The 17 events of content/issues/2015-05/09-learning-and-development.md, copied by hand from
# the file: (title, date, start, end); no start means an all-day event.
EXAMPLE = [
    ("CSE Loudmouth workshop", "2015-05-07", None, None),
    ("CSE Loudmouth workshop", "2015-05-18", None, None),
    ("Workshop to Raise Awareness of PREVENT (WRAP)", "2015-05-20", None, None),
    ("Domestic Abuse & Equality", "2015-05-26", None, None),
    ("MARAC/ DASH & BST", "2015-05-27", None, None),
    ("Neglect (full day)", "2015-05-29", "09:30", "16:30"),
    ("Neglect (half day)", "2015-06-08", "09:30", "12:30"),
    ("Neglect (half day)", "2015-06-08", "13:30", "16:30"),
    ("Safeguarding Module 3", "2015-06-18", None, None),
    ("Neglect (full day)", "2015-06-22", "09:30", "16:30"),
    ("Neglect (half day)", "2015-06-25", "09:30", "12:30"),
    ("Neglect (half day)", "2015-06-25", "13:30", "16:30"),
    ("Neglect (full day)", "2015-06-29", "09:30", "16:30"),
    ("Neglect (half day)", "2015-06-30", "09:30", "12:30"),
    ("Neglect (half day)", "2015-06-30", "13:30", "16:30"),
    ("Neglect (full day)", "2015-07-07", "09:30", "16:30"),
    ("MARAC/ DASH & BST", "2015-07-08", None, None),
]
BOOKING = "http://sandwell.learningpool.com"


def read(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(path: Path) -> list[icalendar.Event]:
    return list(read(path).walk("VEVENT"))


def as_row(event: icalendar.Event) -> tuple[str, str, str | None, str | None]:
    """An event read back as a row of EXAMPLE; timed events must be in Europe/London."""
    start = event.decoded("dtstart")
    if not isinstance(start, dt.datetime):
        return (str(event["summary"]), start.isoformat(), None, None)
    end = event.decoded("dtend")
    assert event["dtstart"].params["TZID"] == event["dtend"].params["TZID"] == "Europe/London"
    assert start.utcoffset() == end.utcoffset() == dt.timedelta(hours=1)  # British Summer Time
    return (str(event["summary"]), start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}")


def uids(path: Path) -> dict[tuple, str]:
    """(title, date, start) of each event -> its UID."""
    return {as_row(e)[:3]: str(e["uid"]) for e in events(path)}


def test_every_event_of_the_example_with_its_times_in_london(example_build: Path) -> None:
    calendar = read(example_build / "training/calendar.ics")
    found = [as_row(e) for e in calendar.walk("VEVENT")]
    assert sorted(found, key=lambda r: (r[1], r[2] or "")) == EXAMPLE
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/London"
    assert calendar["x-wr-calname"] == "SSCB training"
    for event in calendar.walk("VEVENT"):
        assert event.decoded("dtstamp") == dt.datetime(2015, 5, 1, tzinfo=dt.UTC)  # the date
        assert "From Learning & Development, SSCB Newsletter: Spring 2015" in event["description"]
        if event["summary"].startswith("Neglect"):
            assert event["url"] == BOOKING
            assert f"Book at {BOOKING}" in event["description"]
        else:
            assert "url" not in event and "Places available" in event["description"]
    assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == 17


def test_times_are_the_zones_not_the_computers(example_build: Path) -> None:
    """09:30 in London in June is 08:30 UTC, whatever zone the build ran in."""
    [first] = [e for e in events(example_build / "training/calendar.ics") if e.decoded("dtstart") == dt.datetime(2015, 6, 8, 9, 30, tzinfo=LONDON)]
    assert first.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(2015, 6, 8, 8, 30, tzinfo=dt.UTC)
    assert first.decoded("dtend").astimezone(dt.UTC) == dt.datetime(2015, 6, 8, 11, 30, tzinfo=dt.UTC)


def test_events_without_a_time_are_all_day(example_build: Path) -> None:
    text = (example_build / "training/calendar.ics").read_bytes().decode()
    assert "DTSTART;VALUE=DATE:20150507\r\nDTEND;VALUE=DATE:20150508\r\n" in text
    all_day = [e for e in events(example_build / "training/calendar.ics") if not isinstance(e.decoded("dtstart"), dt.datetime)]
    assert len(all_day) == sum(1 for row in EXAMPLE if row[2] is None) == 7
    for event in all_day:
        assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(days=1)
    # a file of all-day events only needs no time zone
    assert b"VTIMEZONE" not in (example_build / "training/2015-05/2015-05-07-cse-loudmouth-workshop.ics").read_bytes()


def test_files_are_rfc5545_text(example_build: Path) -> None:
    """CRLF line ends, lines of at most 75 octets, the required properties."""
    for path in [example_build / "training/calendar.ics", *sorted((example_build / "training/2015-05").glob("*.ics"))]:
        data = path.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and data.endswith(b"END:VCALENDAR\r\n"), path
        lines = data.split(b"\r\n")[:-1]
        assert all(len(line) <= 75 and b"\n" not in line for line in lines), path
        for event in events(path):
            assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event), path


def test_each_event_has_its_own_file_linked_from_the_calendar_page(example_build: Path) -> None:
    page = (example_build / "training/index.html").read_text()
    assert 'href="/training/calendar.ics"' in page
    linked = re.findall(r'<td class="event-date" data-label="Date"><a href="/(training/2015-05/[^"]+\.ics)"', page)   # from each date
    assert page.count('href="/training/calendar.ics"') == 2   # once under the table, once in the subscribe box
    files = sorted(p.relative_to(example_build).as_posix() for p in (example_build / "training/2015-05").glob("*.ics"))
    assert sorted(linked) == files and len(files) == 17
    whole = uids(example_build / "training/calendar.ics")
    for name in files:
        [event] = events(example_build / name)
        row = as_row(event)
        assert row in EXAMPLE
        assert str(event["uid"]) == whole[row[:3]]
    article = (example_build / "issues/2015-05/learning-and-development/index.html").read_text()
    assert article.count('<td class="event-date" data-label="Date"><a href="/training/2015-05/') == 17
    assert "training/2015-05/2015-06-08-neglect-half-day.ics" in files  # the morning session
    assert "training/2015-05/2015-06-08-neglect-half-day-2.ics" in files  # the afternoon one


def test_uids_stay_with_their_events(site: SiteCopy, tmp_path: Path) -> None:
    site.build()
    before = uids(site.path("output/training/calendar.ics"))
    other = SiteCopy(tmp_path / "another" / "copy")
    other.build("--today", "2016-01-01")
    assert uids(other.path("output/training/calendar.ics")) == before  # another folder, another build date

    # a new event written above the others, the two sessions of 8 June written the other
    # way round, and a corrected start time
    site.edit(LEARNING, "training:\n", 'training:\n  - title: "Early Help"\n    date: 2015-05-05\n')
    site.edit(LEARNING, '    start: "09:30"\n    end: "12:30"\n', '    start: "13:30"\n    end: "16:30"\n')
    site.edit(LEARNING, '    start: "13:30"\n    end: "16:30"\n', '    start: "09:30"\n    end: "12:30"\n')
    site.edit(LEARNING, 'date: 2015-05-29\n    start: "09:30"', 'date: 2015-05-29\n    start: "10:00"')
    site.build()
    after = uids(site.path("output/training/calendar.ics"))
    assert len(after) == 19
    new = after.pop(("Early Help", "2015-05-05", None))
    # the catalogue's session at 09:30 that day, which the newsletter no longer gives, is an event of its own now
    listed = after.pop(("Neglect (full day)", "2015-05-29", "09:30"))
    assert listed not in before.values() and listed != new
    assert new not in before.values()
    assert after.pop(("Neglect (full day)", "2015-05-29", "10:00")) == before.pop(("Neglect (full day)", "2015-05-29", "09:30"))
    assert after == before


def test_description_location_and_full_events(site: SiteCopy) -> None:
    site.edit(LEARNING, 'date: 2015-05-29\n', 'date: 2015-05-29\n    places: full\n    venue: "Council House, Oldbury"\n'
              '    audience: All practitioners\n    notes: "Read the [Neglect Policy](http://www.sandwellscb.org.uk) first"\n')
    site.build("--base-url", "https://example.org/news/")
    [event] = events(site.path("output/training/2015-05/2015-05-29-neglect-full-day.ics"))
    assert event["location"] == "Council House, Oldbury"
    assert str(event["description"]).split("\n") == [
        "Read the Neglect Policy (http://www.sandwellscb.org.uk) first",
        "Provided by Child & Family Training",
        "For All practitioners",
        "Full: no places left",  # and no booking address
        "From Learning & Development, SSCB Newsletter: Spring 2015",
        "https://example.org/news/issues/2015-05/learning-and-development/",
    ]
    assert event["url"] == BOOKING
    page = site.path("output/training/index.html").read_text()
    assert "<code>https://example.org/news/training/calendar.ics</code>" in page


def test_time_zone_from_config(site: SiteCopy) -> None:
    site.edit("config.yaml", "language: en-GB\n", "language: en-GB\ntimezone: America/New_York\n")
    site.build()
    calendar = read(site.path("output/training/calendar.ics"))
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "America/New_York"
    [morning] = [e for e in calendar.walk("VEVENT") if e["dtstart"].to_ical() == b"20150608T093000"]
    assert morning["dtstart"].params["TZID"] == "America/New_York"
    assert morning.decoded("dtstart").astimezone(dt.UTC).hour == 13  # EDT is UTC-4
