import datetime as dt

import icalendar

from sscbgen.render.ics import render_ics, vtimezone

from helpers import built, write

UTC = dt.UTC


def onsets(zone: icalendar.Timezone) -> list[tuple[str, dt.datetime]]:
    """Each observance and the moment it starts: DTSTART is local time in TZOFFSETFROM (RFC 5545 3.6.5)."""
    return [(part.name, part.decoded("dtstart").replace(tzinfo=UTC) - part.decoded("tzoffsetfrom"))
            for part in zone.subcomponents]


def test_london_changes_at_one_in_the_morning_utc() -> None:
    zone = vtimezone("Europe/London", 2015, 2015)
    assert zone["tzid"] == "Europe/London"
    assert onsets(zone) == [
        ("STANDARD", dt.datetime(2015, 1, 1, tzinfo=UTC)),
        ("DAYLIGHT", dt.datetime(2015, 3, 29, 1, 0, tzinfo=UTC)),   # clocks go forward at 01:00 GMT
        ("STANDARD", dt.datetime(2015, 10, 25, 1, 0, tzinfo=UTC)),  # and back at 02:00 BST
    ]
    assert [str(part["tzname"]) for part in zone.subcomponents] == ["GMT", "BST", "GMT"]
    assert zone.to_ical().decode().count("DTSTART:20150329T010000") == 1


def test_other_zones_and_several_years() -> None:
    new_york = vtimezone("America/New_York", 2015, 2016)
    assert onsets(new_york)[1:] == [
        ("DAYLIGHT", dt.datetime(2015, 3, 8, 7, 0, tzinfo=UTC)),
        ("STANDARD", dt.datetime(2015, 11, 1, 6, 0, tzinfo=UTC)),
        ("DAYLIGHT", dt.datetime(2016, 3, 13, 7, 0, tzinfo=UTC)),
        ("STANDARD", dt.datetime(2016, 11, 6, 6, 0, tzinfo=UTC)),
    ]
    # Lord Howe Island moves its clocks by half an hour
    lord_howe = vtimezone("Australia/Lord_Howe", 2015, 2015)
    assert [part.decoded("tzoffsetto") - part.decoded("tzoffsetfrom") for part in lord_howe.subcomponents[1:]] == [
        dt.timedelta(minutes=-30), dt.timedelta(minutes=30)]
    assert len(vtimezone("Asia/Tokyo", 2015, 2015).subcomponents) == 1  # no summer time


def test_a_site_without_training_has_an_empty_calendar(tmp_path) -> None:
    write(tmp_path, "config.yaml", "title: News\nboard:\n  name: A Board\n  short_name: AB\n")
    write(tmp_path, "content/issues/2015-05/index.md", "---\ntitle: News\nnumber: 1\ndate: 2015-05-01\n---\n")
    files = render_ics(built(tmp_path))
    assert list(files) == ["training/calendar.ics"]
    calendar = icalendar.Calendar.from_ical(files["training/calendar.ics"])
    assert calendar["x-wr-calname"] == "AB training" and calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE") == []
