"""The instrument as data: items, mode texts, interface texts, and their loaders.

Never imports Streamlit: pages call into this package, not the other way round.
"""
from .content import ContentError
from .i18n import LANGUAGE_NAMES, Catalog, load_catalog, negotiate_language
from .instrument import (
    CHOICES, Instrument, Item, Statement, current_version, design_summary, known_versions, load_instrument,
)
from .mode_texts import ModeText, load_mode_texts, mode_positions
from .modes import DEFAULT_LANGUAGE, LANGUAGES, MODES
from .progress import Progress, number_ranges, progress
from .workshop import ModeWorkshop, SituationWorkshop, Workshop, WorkshopIntro, load_workshop

__all__ = [
    "CHOICES", "Catalog", "ContentError", "DEFAULT_LANGUAGE", "Instrument", "Item", "LANGUAGES",
    "LANGUAGE_NAMES", "MODES", "ModeText", "Progress", "Statement", "current_version", "design_summary",
    "known_versions",
    "load_catalog", "load_instrument", "load_mode_texts", "mode_positions", "negotiate_language",
    "number_ranges", "progress",
    "ModeWorkshop", "SituationWorkshop", "Workshop", "WorkshopIntro", "load_workshop",
]
