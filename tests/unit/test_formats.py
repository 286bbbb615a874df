import datetime as dt

from sscbgen.content.fields import Published
from sscbgen.formats import clock, label, places, published, time_range, uk_date


def test_uk_dates():
    assert uk_date(dt.date(2015, 5, 7)) == "7 May 2015"
    assert uk_date(dt.date(2015, 6, 8), weekday=True) == "Monday 8 June 2015"


def test_times():
    assert clock(dt.time(9, 30)) == "9:30am"
    assert clock(dt.time(12, 0)) == "12pm"
    assert clock(dt.time(0, 15)) == "12:15am"
    assert time_range(dt.time(9, 30), dt.time(16, 30)) == "9:30am to 4:30pm"
    assert time_range(dt.time(13, 30), None) == "from 1:30pm"
    assert time_range(None, None) == ""


def test_places():
    assert places("available") == "Places available"
    assert places("full") == places(0) == "Full"
    assert places(1) == "1 place left"
    assert places(12) == "12 places left"
    assert places(None) == ""


def test_published_and_labels():
    assert published(Published(2015, 3)) == "March 2015"
    assert published(Published(2015, 3, 12)) == "12 March 2015"
    assert label("serious-case-review") == "Serious case review"
    assert label("section-175") == "Section 175 audit"
