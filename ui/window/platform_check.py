"""Before the window opens on Linux: can Qt's X11 (xcb) platform plugin load at all?

On a fresh Debian or Ubuntu desktop the plugin needs system libraries that are
not always installed (``libxcb-cursor0`` above all; ``libxcb-icccm4``,
``libxcb-keysyms1`` and others on minimal systems). Without them Qt stops the
app with a long message of its own about platform plugins. Loading the plugin
file first tells which library is missing, so the app can name the package to
install in one line instead.
"""

from __future__ import annotations

import ctypes
import re
import sys
from pathlib import Path
from typing import Mapping

#: Libraries the xcb plugin loads, and the Debian/Ubuntu package of each.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libdbus-1.so.3": "libdbus-1-3",
}
_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def xcb_plugin() -> Path | None:
    """Where PySide6 keeps Qt's xcb platform plugin (None when it has none)."""
    import PySide6  # the package only: no Qt library is loaded by this

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def missing_library(error: str) -> str | None:
    """The library a loader error names as missing (``libxcb-cursor.so.0``)."""
    found = _MISSING.search(error)
    return found.group(1) if found else None


def missing_library_message(library: str) -> str:
    package = PACKAGES.get(library)
    install = (
        f"install it with: sudo apt install {package} (Debian or Ubuntu; on other "
        "systems, the package that provides it)"
        if package
        else "install the package that provides it"
    )
    return (
        f"Evidence Review cannot open its window: Qt needs the system library {library}, "
        f"which is not installed; {install}, then start the app again."
    )


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt would open the window through X11 (xcb) here."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return False  # Qt opens the window through Wayland there
    return bool(env.get("DISPLAY"))


def platform_problem(env: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """One line saying which library to install, when the xcb plugin cannot load; else None."""
    if not uses_xcb(env, platform):
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as e:
        library = missing_library(str(e))
        return missing_library_message(library) if library else None
    return None
