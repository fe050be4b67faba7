"""Private uploads (issue 9): receipts live outside MEDIA_ROOT under random names and are served only
by the permission-checked view; uploads are size-limited and images re-encoded."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buurtpreventie.engagement import services
from buurtpreventie.engagement.models import BudgetRule, Expense

pytestmark = pytest.mark.django_db


def test_receipts_use_the_private_storage_outside_media_root():
    from config.settings import base

    assert Expense._meta.get_field("receipt").storage is storages["private"]
    assert not base.PRIVATE_MEDIA_ROOT.resolve().is_relative_to(base.MEDIA_ROOT.resolve())
    assert base.STORAGES["private"]["OPTIONS"]["base_url"] is None  # type: ignore[index]  # no public URL at all
    assert storages["private"] is not storages["default"]


@pytest.fixture
def disk(settings, tmp_path, monkeypatch):
    """Real files: the receipt field writes to tmp/private, public media is tmp/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    field = Expense._meta.get_field("receipt")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "private", base_url=None))
    yield tmp_path


@pytest.fixture
def approved(municipality, team, coordinator, member, safety_officer):
    BudgetRule.objects.create(municipality=municipality, year=date.today().year, basis="per_member",
                              rate=Decimal("50"), minimum=Decimal("100"), maximum=Decimal("300"))
    req = services.budget_request_submit(actor=coordinator, initiative=team, year=date.today().year,
                                         amount=Decimal("80"), purpose="Zaklampen")
    services.budget_request_decide(actor=safety_officer, request=req, approve=True)
    return req


def _record(req, actor, upload):
    return services.expense_record(actor=actor, request=req, amount=Decimal("10"), description="Lamp",
                                   spent_on=date.today(), receipt=upload)


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 50.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_receipt_stored_outside_media_root_with_random_name(disk, approved, coordinator, member, client_for):
    expense = _record(approved, coordinator, SimpleUploadedFile("bon-van-jan.pdf", b"%PDF-1.4 bon"))
    assert "jan" not in expense.receipt.name and expense.receipt.name.endswith(".pdf")
    assert (disk / "private" / expense.receipt.name).exists()
    assert not (disk / "media").exists() or not list((disk / "media").rglob("*.pdf"))
    # Only through the permission-checked view
    ok = client_for(coordinator).get(f"/contact/budget/bon/{expense.pk}/")
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == b"%PDF-1.4 bon"
    assert ok["Cache-Control"] == "private, no-store"
    assert client_for(member).get(f"/contact/budget/bon/{expense.pk}/").status_code == 403


def test_web_server_sends_private_file_after_permission_check(disk, approved, coordinator, client_for, settings):
    expense = _record(approved, coordinator, SimpleUploadedFile("bon.pdf", b"%PDF-1.4 bon"))
    settings.PRIVATE_MEDIA_SERVER = "x-accel"
    response = client_for(coordinator).get(f"/contact/budget/bon/{expense.pk}/")
    assert response["X-Accel-Redirect"] == f"/protected/{expense.receipt.name}" and response.content == b""


def test_images_reencoded_without_metadata_and_fakes_refused(disk, approved, coordinator):
    expense = _record(approved, coordinator, SimpleUploadedFile("bon.jpg", _jpeg_with_gps()))
    with expense.receipt.open("rb") as fh, Image.open(fh) as stored:
        assert stored.format == "JPEG" and not stored.getexif().get(0x8825)
    with pytest.raises(ValidationError):
        _record(approved, coordinator, SimpleUploadedFile("bon.png", b"<html><script>alert(1)</script>"))


def test_upload_size_limit(approved, coordinator, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        _record(approved, coordinator, SimpleUploadedFile("bon.pdf", b"%PDF-1.4 " + b"x" * 2048))
    assert "groter dan" in str(exc.value)
