"""The alert-subscription page on a 360 px phone: pick the middle of the area on the map, see the
circle with its radius, or type the point (keyboard); it is stored coarse and drawn again."""

from __future__ import annotations

import pytest

from buurtpreventie.alerts.models import AlertSubscription
from buurtpreventie.testing.browser import browser_login, wait_until


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pick_the_area_on_the_map_and_see_the_circle(phone_page, member, team, wijk):
    page = phone_page
    browser_login(page, member.username)
    page.goto("/alarm/abonnementen/")
    page.wait_for_selector("#subscription-map path", state="attached")  # the wijk outline
    box = page.locator("#subscription-map").bounding_box()
    assert box is not None and box["width"] <= 360
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#subscription-map [data-new-area]", state="attached")
    lat, lon = page.input_value("#id_lat"), page.input_value("#id_lon")
    assert len(lat.split(".")[1]) == 3 and len(lon.split(".")[1]) == 3  # coarse already in the browser
    page.select_option("#id_radius_m", "1000")
    page.wait_for_function("() => document.getElementById('subscription-map').dataset.point.endsWith(',1000')")
    page.fill("#id_label", "Thuis")
    page.click("#subscription-form button[type=submit]")
    assert wait_until(lambda: AlertSubscription.objects.filter(user=member).exists())
    sub = AlertSubscription.objects.get(user=member)
    assert (sub.lat, sub.lon, sub.radius_m) == (float(lat), float(lon), 1000)
    page.wait_for_selector(f"#subscription-map [data-subscription-area='{sub.pk}']", state="attached")

    # Without a pointer: type the point (or find an address) and the circle follows.
    page.fill("#id_lat", "51.846")
    page.fill("#id_lon", "5.866")
    page.locator("#id_lon").dispatch_event("change")
    page.wait_for_function("() => document.getElementById('subscription-map').dataset.point === '51.846,5.866,500'")
