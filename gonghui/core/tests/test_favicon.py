"""/favicon.ico, which every browser asks for, answers the emblem instead of a 404 — to anyone, signed in or not."""

import io
import re
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

STATIC = Path(__file__).resolve().parents[3] / "static"


@pytest.mark.django_db
def test_favicon_ico_is_served_to_every_visitor(world):
    for user in (None, world.org_admin, world.org_member):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get("/favicon.ico")
        assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")
        icon = Image.open(io.BytesIO(response.content))
        assert (icon.format, icon.size) == ("ICO", (48, 48))


def test_the_svg_twin_is_self_contained():
    text = (STATIC / "favicon.svg").read_text()
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert text.rstrip().endswith("</svg>")
    assert "href" not in text


@pytest.mark.django_db
def test_every_base_template_names_the_icon(client, world):
    login = client.get("/accounts/login/").content.decode()
    client.force_login(world.org_admin)
    home = client.get("/").content.decode()
    for page in (login, home):
        assert re.search(
            r'<link rel="icon" href="/static/favicon(\.[0-9a-f]+)?\.svg" type="image/svg\+xml">', page
        )
        assert '<link rel="icon" href="/favicon.ico" sizes="any">' in page
