"""Output formats that every language writes alike: file formats and messaging apps.

Each is a class of the tables' TASKS (the task check): two prompts that each ask for a
form the other does not ("en formato JSON" / "en CSV", "un mensaje de WhatsApp" / "un
correo formal", "als Tabelle" / "als .ics-Datei") ask for different outputs. Whole words
(shorter than five letters) or stems; "=" marks a whole word with its inflections.
"""

from __future__ import annotations

FORMATS = {
    "json": ("json",),
    "csv": ("csv", "tsv"),
    "xml": ("xml",),
    "yaml": ("yaml", "yml", "toml"),
    "html": ("html",),
    "markdown": ("markdown",),
    "pdf": ("pdf",),
    "spreadsheet": ("excel=", "xlsx", "xls"),
    "calendar": ("ics", "ical", "icalendar"),
    "chat": ("whatsapp", "sms", "telegram", "tweet", "tuit", "tweets", "tuits"),
    "slides": ("powerpoint", "pptx"),
    "word": ("docx",),
}
