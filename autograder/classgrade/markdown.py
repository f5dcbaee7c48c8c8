"""Student text made inert in the class report's Markdown tables.

The report and the similarity section both print records that carry student ids,
exception messages and cell errors; none of it may add HTML, links, emphasis, table
cells or rows.
"""
from __future__ import annotations

import re

# characters that could make Markdown of a student's text; "_" inside a word cannot
# (CommonMark), so names like rnn_cell_forward stay readable
MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]|<>&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def markdown_cell(text: str) -> str:
    """``text`` as inert Markdown table-cell content."""
    text = " ".join(str(text).split())  # newlines would end the table row
    return MARKDOWN_SPECIAL.sub(lambda m: "&#%d;" % ord(m.group(1)), text)
