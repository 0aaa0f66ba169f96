"""Wire-copy furniture that is never anyone's words: datelines, bylines, photo credits.

"BANGKOK (AP) — Thousands marched ..." opens with a dateline; a byline ("By MARTA KELLAND",
"Associated Press") and a photo credit ("(AP Photo/Jonas Priest)") name the outlet's own people.
None of them is a speaker, a content, or an antecedent for "he" or "she". :func:`mask_furniture`
overwrites them with spaces before parsing, so the parser sees "Prime Minister Ada Voss said ..."
rather than "VELLMOR, Norland (AP) — Prime Minister ..." (where "Norland" became the subject), and
NER finds no person in a byline. Same length, so every offset stays valid.
"""
from __future__ import annotations

import re

#: Agencies whose name appears in parentheses in a dateline or a photo credit.
_AGENCY = r"(?:AP|Reuters|AFP|UPI|dpa|DPA|Xinhua|Bloomberg|CNN|RIA|TASS|EFE|ANSA|Kyodo|Yonhap|PTI|IANS|CP)"
#: "VELLMOR, Norland (AP) —", "BANGKOK (AP) —", "FAIRVIEW, W.Va. -", "WASHINGTON --": a city in capitals
#: (at most four words), an optional region, an optional agency in parentheses, then a dash.
DATELINE = re.compile(
    r"^[^\S\n]*[A-Z][A-Z'’.\-]+(?:[^\S\n]+[A-Z][A-Z'’.\-]+){0,3}"
    r"(?:,[^\S\n]+[A-Z][\w.'’\-]*(?:[^\S\n]+[A-Z][\w.'’\-]*){0,2})?"
    r"(?:[^\S\n]*\(" + _AGENCY + r"\))?"
    r"[^\S\n]+(?:—|–|--|-|―)[^\S\n]*",
    re.M,
)
#: "By MARTA KELLAND and JONAS PRIEST Associated Press", "By Marta Kelland, Reuters": a whole short line.
BYLINE = re.compile(
    r"^[^\S\n]*By[^\S\n]+[A-Z][\w.'’\-]*(?:,?[^\S\n]+(?:[A-Z][\w.'’\-]*|and|&|\||—|-|of|the|de|van))*,?[^\S\n]*$",
    re.M,
)
#: A line that only names the agency or the writer's role, under a byline.
AGENCY_LINE = re.compile(
    r"^[^\S\n]*(?:The[^\S\n]+)?(?:Associated[^\S\n]+Press|Reuters|Agence[^\S\n]+France-Presse|AFP|"
    r"(?:AP|Associated[^\S\n]+Press)[^\S\n]+[A-Z][\w ]{0,40}Writer)[^\S\n]*$",
    re.M,
)
#: "(AP Photo/Jonas Priest)", "(Reuters/Jonas Priest)", "(Photo: Jonas Priest/AP)", "Photo by Jonas Priest".
PHOTO_CREDIT = re.compile(
    r"\((?:" + _AGENCY + r"[^\S\n]+Photo|Photo|" + _AGENCY + r")[^\S\n]*[/:][^()\n]{1,80}\)"
    r"|\((?:Photo|Image)[^\S\n]+(?:by|credit)[^()\n]{1,80}\)",
)
#: Section headings in capitals ("QUESTIONABLE MEDICAL CLAIMS —") are not datelines: at most this many words.
_MAX_DATELINE_WORDS = 6


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of datelines, bylines (with an agency line under them) and photo credits."""
    spans: list[tuple[int, int]] = []
    for m in DATELINE.finditer(text):
        raw = m.group(0)
        head = re.sub(r"\(.*?\)|[—–\-―]+\s*$", "", raw).replace(",", " ")
        if len(head.split()) > _MAX_DATELINE_WORDS:
            continue
        if "(" not in raw and "," not in raw and len(head.split()) > 2:
            continue  # "QUESTIONABLE MEDICAL CLAIMS —" is a section heading, not a place
        after = text[m.end() : m.end() + 1]
        if not after or not (after.isupper() or after.isdigit() or after in "“\"'‘"):
            continue  # a dateline runs into a sentence
        spans.append((m.start(), m.end()))
    for m in BYLINE.finditer(text):
        words = m.group(0).split()
        if 2 <= len(words) <= 14 and not re.search(r"\b(?:19|20)\d\d\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                                                   r"Saturday|Sunday|January|February|March|April|May|June|July|"
                                                   r"August|September|October|November|December|morning|afternoon|"
                                                   r"evening|night|then|now|noon|midnight)\b", m.group(0)):
            spans.append((m.start(), m.end()))
    for m in AGENCY_LINE.finditer(text):
        spans.append((m.start(), m.end()))
    for m in PHOTO_CREDIT.finditer(text):
        spans.append((m.start(), m.end()))
    return sorted(spans)


def mask_furniture(text: str) -> str:
    """The text with its datelines, bylines and photo credits made spaces (same length, same offsets)."""
    spans = furniture_spans(text)
    if not spans:
        return text
    out, pos = [], 0
    for s, e in spans:
        if s < pos:
            s = pos
        if e <= s:
            continue
        out.append(text[pos:s])
        out.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)
