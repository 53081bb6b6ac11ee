"""The words the bundle's listing and pages add, in the page's language (English fallback)."""

from __future__ import annotations

from typing import Final

_WORDS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "site_title": "Announcements and events",
        "upcoming": "Upcoming events",
        "announcements": "Announcements",
        "past": "Past events",
        "filter_tag": "Tag",
        "filter_language": "Language",
        "all": "All",
        "back": "All announcements and events",
        "add_to_calendar": "Add to calendar (.ics)",
        "translations": "Also in",
        "feeds": "Subscribe",
        "as_of": "As of",
        "nothing": "Nothing here yet.",
        "cancelled": "Cancelled",
        "postponed": "Postponed",
        "moved_online": "Moved online",
        "online": "Online",
    },
    "fr": {
        "back": "Toutes les actualités et tous les événements",
        "add_to_calendar": "Ajouter au calendrier (.ics)",
        "translations": "Aussi en",
    },
    "es": {
        "back": "Todas las noticias y eventos",
        "add_to_calendar": "Añadir al calendario (.ics)",
        "translations": "También en",
    },
    "ar": {
        "back": "كل الأخبار والفعاليات",
        "add_to_calendar": "أضف إلى التقويم (.ics)",
        "translations": "متوفر أيضاً بـ",
    },
}

# Each language named in itself, for the language filter and the links between translations.
LANGUAGE_NAMES: Final[dict[str, str]] = {
    "ar": "العربية",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fa": "فارسی",
    "fr": "Français",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "ru": "Русский",
    "tr": "Türkçe",
    "uk": "Українська",
    "zh": "中文",
}


def words_for(language: str) -> dict[str, str]:
    primary = language.replace("_", "-").split("-")[0].lower()
    return _WORDS["en"] | _WORDS.get(primary, {})


def language_name(tag: str) -> str:
    """'Français' for 'fr', 'Português (BR)' for 'pt-BR', the tag itself when unknown."""
    primary, _, rest = tag.partition("-")
    name = LANGUAGE_NAMES.get(primary.lower())
    if name is None:
        return tag
    return f"{name} ({rest})" if rest else name
