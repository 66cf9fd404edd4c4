"""Scanned files as page images: every page of a PDF, or one PNG/JPEG photo, in grey."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from quizdeck.limits import InputError

# PDF pages are rasterised at this resolution: enough for 4.6 mm bubbles and the QR code.
PDF_DPI = 200
# A page image larger than this (a 600-dpi A3 scan is 70 million) is refused, not read.
MAX_PIXELS = 80_000_000
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class PageImage:
    """One page of a scanned file: the file, its page number (1-based) and its grey pixels."""

    source: Path
    page: int
    pixels: np.ndarray


def read_pages(path: Path) -> Iterator[PageImage | InputError]:
    """Each page of `path` in order; a page that cannot be read comes as its InputError.

    Raises InputError when the file itself cannot be opened or is of no known kind.
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        yield from _pdf_pages(path)
    elif suffix in IMAGE_SUFFIXES:
        yield _image(path)
    else:
        raise InputError(f"not a PDF, PNG or JPEG file ({path.suffix or 'no suffix'})")


def _pdf_pages(path: Path) -> Iterator[PageImage | InputError]:
    try:
        document = pypdfium2.PdfDocument(str(path))
    except (pypdfium2.PdfiumError, OSError) as error:
        raise InputError(f"not a readable PDF ({error})") from None
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                scale = PDF_DPI / 72
                if width * height * scale * scale > MAX_PIXELS:
                    scale = (MAX_PIXELS / (width * height)) ** 0.5
                bitmap = page.render(scale=scale, grayscale=True)
                pixels = np.array(bitmap.to_numpy(), dtype=np.uint8)
            except pypdfium2.PdfiumError as error:
                yield InputError(f"page {index + 1} cannot be rendered ({error})")
                continue
            finally:
                page.close()
            yield PageImage(path, index + 1, _grey(pixels))
    finally:
        document.close()


def _image(path: Path) -> PageImage | InputError:
    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError as error:
        raise InputError(error.strerror or str(error)) from None
    # The header tells the size before decoding: a hostile image must not fill memory.
    header = cv2.imdecode(data, cv2.IMREAD_REDUCED_GRAYSCALE_8)
    if header is None:
        return InputError("not a readable PNG or JPEG image")
    if header.shape[0] * header.shape[1] * 64 > MAX_PIXELS:
        return InputError(f"image larger than {MAX_PIXELS // 1_000_000} million pixels")
    pixels = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    if pixels is None:
        return InputError("not a readable PNG or JPEG image")
    return PageImage(path, 1, pixels)


def _grey(pixels: np.ndarray) -> np.ndarray:
    if pixels.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if pixels.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        return np.ascontiguousarray(cv2.cvtColor(pixels, code))
    return np.ascontiguousarray(pixels)
