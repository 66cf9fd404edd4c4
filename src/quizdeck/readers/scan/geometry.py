"""Where a sheet lies in a photo: its corner markers, the homography to the page, its QR code."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from quizdeck.sheets import MARKER_IDS, MARKER_SIZE, PAGE_HEIGHT, PAGE_WIDTH, QR_BOX, marker_origin

# The page is read on a grid of this many pixels per millimetre (about 150 dpi).
SCALE = 6.0
# Markers are looked for on a copy at most this many pixels high (a 300-dpi page is 3508).
DETECT_HEIGHT = 1800
# Three corners fix a homography with twelve points; fewer would be a guess.
MIN_MARKERS = 3
QR_SCALE = 10.0


@dataclass(frozen=True)
class Placed:
    """A page found in an image: the homography from image pixels to page millimetres × SCALE."""

    homography: np.ndarray
    markers: int


def _detector() -> cv2.aruco.ArucoDetector:
    parameters = cv2.aruco.DetectorParameters()
    parameters.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    return cv2.aruco.ArucoDetector(dictionary, parameters)


_DETECTOR = _detector()


def place(pixels: np.ndarray) -> Placed | None:
    """The page's homography from its corner markers, or None when fewer than three are found."""
    factor = min(1.0, DETECT_HEIGHT / max(pixels.shape))
    small = (
        pixels
        if factor == 1.0
        else cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    )
    found = _markers(small)
    if len(found) < MIN_MARKERS:
        # Uneven light can hide a marker from the detector's threshold: even it out and retry.
        flattened = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(small)
        found = _markers(flattened) if len(_markers(flattened)) > len(found) else found
    if len(found) < MIN_MARKERS:
        return None
    source, target = [], []
    for marker_id, corners in found.items():
        x, y = marker_origin(marker_id)
        square = [
            (x, y),
            (x + MARKER_SIZE, y),
            (x + MARKER_SIZE, y + MARKER_SIZE),
            (x, y + MARKER_SIZE),
        ]
        source += [tuple(point / factor) for point in corners]
        target += [(px * SCALE, py * SCALE) for px, py in square]
    homography, _ = cv2.findHomography(
        np.array(source, np.float32), np.array(target, np.float32), 0
    )
    if homography is None:
        return None
    return Placed(homography, len(found))


def _markers(pixels: np.ndarray) -> dict[int, np.ndarray]:
    corners, ids, _ = _DETECTOR.detectMarkers(pixels)
    found: dict[int, np.ndarray] = {}
    if ids is None:
        return found
    for marker_corners, number in zip(corners, ids.flatten().tolist(), strict=True):
        marker_id = int(number)
        # A repeated id is a second sheet in the photo, or a misread: trust neither.
        if marker_id in MARKER_IDS:
            found[marker_id] = (
                marker_corners.reshape(4, 2) if marker_id not in found else np.empty(0)
            )
    return {k: v for k, v in found.items() if v.size}


def warp(pixels: np.ndarray, placed: Placed) -> np.ndarray:
    """The page straightened: PAGE_WIDTH × PAGE_HEIGHT mm at SCALE pixels per mm."""
    size = (round(PAGE_WIDTH * SCALE), round(PAGE_HEIGHT * SCALE))
    return cv2.warpPerspective(
        pixels, placed.homography, size, flags=cv2.INTER_AREA, borderValue=255
    )


_QR = cv2.QRCodeDetector()
_QR_ARUCO = cv2.QRCodeDetectorAruco()


def read_code(pixels: np.ndarray, placed: Placed) -> str | None:
    """The text of the page's QR code, read from its straightened square; None if unreadable.

    The square is read as it is, then (blur, shadow, JPEG) binarised two ways, then by
    OpenCV's second detector, then at a coarser scale: the first text read is the code's.
    """
    for scale in (QR_SCALE, QR_SCALE / 2):
        square = _qr_square(pixels, placed, scale)
        otsu = cv2.threshold(square, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
        adaptive = cv2.adaptiveThreshold(
            square, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 51, 10
        )
        for detector in (_QR, _QR_ARUCO):
            for attempt in (square, otsu, adaptive):
                text, _, _ = detector.detectAndDecode(attempt)
                if text:
                    return str(text)
    return None


def _qr_square(pixels: np.ndarray, placed: Placed, scale: float) -> np.ndarray:
    """The QR code's square (with a margin) straightened at `scale` pixels per mm."""
    x, y, side = QR_BOX
    margin = 3.0
    to_qr = np.array(
        [
            [scale / SCALE, 0, -(x - margin) * scale],
            [0, scale / SCALE, -(y - margin) * scale],
            [0, 0, 1],
        ]
    )
    size = round((side + 2 * margin) * scale)
    return cv2.warpPerspective(
        pixels, to_qr @ placed.homography, (size, size), flags=cv2.INTER_LINEAR, borderValue=255
    )
