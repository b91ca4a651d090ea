"""A profile's colours, checked against WCAG 2.1 AA before a page uses them.

The theme writes ``primar`` as white text's background and as link text, and
``accent`` as focus outline and emphasis, always against white: each must reach
the text contrast of 4.5:1 (WCAG 2.1 SC 1.4.3).  A colour that does not is a
located warning when the profile is loaded, and the page uses a safe default.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sphinx_kommun.i18n import _
from sphinx_kommun.log import warn
from sphinx_kommun.profiles import line_in
from sphinx_kommun.registry import registry_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinx_kommun.model.profile import Profile

#: WCAG 2.1 AA for normal text.
MINIMUM_CONTRAST = 4.5
#: The theme's own colours (7.9:1 and 6.5:1 on white), used when a profile has
#: none or a failing one.
DEFAULT_COLOURS = {"primar": "#00577a", "accent": "#b3272d"}
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of ``#rrggbb``."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def is_safe(colour: str) -> bool:
    return bool(HEX_COLOUR.fullmatch(colour)) and contrast_on_white(colour) >= MINIMUM_CONTRAST


def theme_colours(profile: Profile | None) -> dict[str, str]:
    """The colours a page uses: the profile's where they pass, else the defaults."""
    farger = profile.farger if profile is not None else {}
    return {
        name: farger[name] if is_safe(farger.get(name, "")) else default
        for name, default in DEFAULT_COLOURS.items()
    }


def check_colours(profile: Profile) -> None:
    """Warn, at its line in the profile file, about each colour that fails AA."""
    failing = [n for n in DEFAULT_COLOURS if n in profile.farger and not is_safe(profile.farger[n])]
    if not failing:
        return
    for name in failing:
        colour = profile.farger[name]
        warn(
            str(
                _(
                    "profile {key}: farger.{name} {colour} has a contrast of {contrast}:1 "
                    "on white, below WCAG AA's {minimum}:1; the theme uses {default} instead"
                )
            ).format(
                key=repr(profile.key),
                name=name,
                colour=colour,
                contrast=f"{contrast_on_white(colour):.2f}",
                minimum=f"{MINIMUM_CONTRAST:.1f}",
                default=DEFAULT_COLOURS[name],
            ),
            "colour",
            f"{profile.path}:{line_in(profile.path, ['farger', name])}",
        )


def _check_loaded_profiles(app: Sphinx, config: Config) -> None:
    for profile in registry_for(config).profiles.values():
        check_colours(profile)


def setup_colours(app: Sphinx) -> None:
    # After the registry has loaded the profiles (priority 400).
    app.connect("config-inited", _check_loaded_profiles, priority=450)
