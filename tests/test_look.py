"""One look: the colours and logo of look: in config.yaml reach the website, the printed
newsletter and the email edition, read back from what the CLI builds."""

from __future__ import annotations

import io
import re

import pdfplumber
from PIL import Image

from sitecopy import SiteCopy

PDF = "issues/2015-05/sscb-newsletter-spring-2015.pdf"
PLUM = "#6a1b4d"      # white on it: 11:1


def _logo() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (120, 60), (106, 27, 77)).save(picture, format="PNG")
    return picture.getvalue()


def test_one_colour_and_logo_reach_the_site_the_pdf_and_the_email(site: SiteCopy) -> None:
    site.edit("config.yaml", 'brand: "#00545f"', f'brand: "{PLUM}"')
    site.edit("config.yaml", 'accent: "#ffdd00"', 'accent: "#ffdd00"\n  logo: static/logo.png')
    site.write("static/logo.png", _logo())
    site.only_the_newsletter()   # of the PDFs, the newsletter is read back: the others need not print
    site.build(pdf=True)
    out = site.path("output")

    assert f"--brand: {PLUM};" in (out / "assets/board.css").read_text()
    home = (out / "index.html").read_text()
    assert '<img class="masthead-logo" src="/logo.png" alt="">' in home
    assert (out / "logo.png").read_bytes() == _logo()

    email = (out / "issues/2015-05/email.html").read_text()
    masthead = re.search(r'<td class="masthead" style="([^"]+)"', email)
    assert masthead and f"background: {PLUM}" in masthead[1]
    [logo] = [tag for tag in re.findall(r"<img [^>]*>", email) if 'class="logo"' in tag]
    assert 'src="http://www.sandwellscb.org.uk/logo.png"' in logo and 'alt=""' in logo   # a full address, decorative
    assert "#1d4f91" not in email   # the theme's blue is gone

    with pdfplumber.open(out / PDF) as pdf:
        front = pdf.pages[0]
        title = {tuple(round(v, 3) for v in c["non_stroking_color"]) for c in front.chars if c["size"] > 20}
        assert title == {(round(0x6a / 255, 3), round(0x1b / 255, 3), round(0x4d / 255, 3))}
        assert len(front.images) == 1 and front.images[0]["top"] < 40 * 72 / 25.4   # the logo, in the masthead


def test_without_look_the_theme_colours_are_used(site: SiteCopy) -> None:
    text = site.path("config.yaml").read_text()
    site.write("config.yaml", re.sub(r"\nlook:\n(  .*\n)+", "\n", text))
    site.build()
    assert "--brand: #1d4f91;" in site.path("output/assets/board.css").read_text()
    assert "masthead-logo" not in site.path("output/index.html").read_text()
