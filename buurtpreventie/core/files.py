"""Uploads: size limit, images re-encoded, private files outside the public media root.

- `clean_upload(file, kinds=...)` refuses files over `settings.UPLOAD_MAX_BYTES` (10 MB) and anything
  that is not what it claims; images are decoded and re-encoded with Pillow (drops EXIF data such as
  GPS positions, and anything hidden after the image data); PDFs must start like a PDF.
- `private_storage()` is the storage of non-public uploads (receipts, …): `settings.PRIVATE_MEDIA_ROOT`,
  outside `MEDIA_ROOT`, never served by the web server's `/media/` location. `RandomName` gives
  them unguessable names.
- `serve_private(...)` sends such a file after the view checked permission: by Django itself, or
  with `X-Accel-Redirect` (nginx) / `X-Sendfile` (Apache) when `PRIVATE_MEDIA_SERVER` says so.

Defect photos are public on purpose: they are published through Open311 (`media_url`) so the
municipality's systems can fetch them. They are still size-limited and re-encoded.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "MPO": "jpg"}


def private_storage() -> Storage:
    return storages["private"]


@deconstructible
class RandomName:
    """`upload_to` giving `<prefix>/<year>/<random>.<ext>`: the uploader's file name is never used."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        ext = ext if ext.isalnum() and len(ext) <= 5 else "bin"
        return f"{self.prefix}/{timezone.now():%Y}/{secrets.token_urlsafe(18)}.{ext}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix


def clean_upload(upload: Any, *, kinds: tuple[str, ...] = ("image",), field: str = "file") -> ContentFile[bytes]:
    """A checked copy of an uploaded file; `kinds` from "image", "pdf". Raises ValidationError."""
    size = getattr(upload, "size", None)
    limit = int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
    if size is not None and size > limit:
        raise ValidationError({field: _("Het bestand is groter dan %(mb)s MB.") % {"mb": limit // (1024 * 1024)}})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({field: _("Het bestand is groter dan %(mb)s MB.") % {"mb": limit // (1024 * 1024)}})
    if "pdf" in kinds and data.startswith(b"%PDF-"):
        return ContentFile(data, name="document.pdf")
    if "image" in kinds:
        image = _reencode(data)
        if image is not None:
            return image
    raise ValidationError({field: _("Dit bestandstype wordt niet ondersteund of het bestand is beschadigd.")})


def _reencode(data: bytes) -> ContentFile[bytes] | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or ""
            if fmt not in IMAGE_FORMATS:
                return None
            upright = ImageOps.exif_transpose(img)  # keep the orientation, drop the metadata
            out = io.BytesIO()
            if fmt == "PNG":
                upright.save(out, format="PNG", optimize=True)
                ext = "png"
            else:
                upright.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
                ext = "jpg"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return ContentFile(out.getvalue(), name=f"image.{ext}")


def serve_private(fieldfile: Any, *, filename: str, as_attachment: bool = True) -> HttpResponse | FileResponse:
    """Send a private file; the caller has checked permission."""
    mode = getattr(settings, "PRIVATE_MEDIA_SERVER", "django")
    response: HttpResponse | FileResponse
    if mode in {"x-accel", "x-sendfile"}:
        response = HttpResponse(content_type="application/octet-stream")
        if mode == "x-accel":
            base = str(getattr(settings, "PRIVATE_MEDIA_INTERNAL_URL", "/protected/")).rstrip("/")
            response["X-Accel-Redirect"] = f"{base}/{fieldfile.name}"
        else:
            response["X-Sendfile"] = fieldfile.path
        disposition = "attachment" if as_attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    else:
        response = FileResponse(fieldfile.open("rb"), as_attachment=as_attachment, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
