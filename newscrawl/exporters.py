"""One CSV of articles, whichever command writes it.

``scrapy crawl ... -O x.csv`` (through ``FEED_EXPORTERS``) and ``scrapy export -o x.csv``
both write with :class:`ArticleCsvItemExporter`, so the same records give the same
bytes.  Scrapy's own CSV exporter would join a list of names with commas (a name
with a comma in it could not be told apart) and write subsections and images as
Python reprs, which no CSV reader can parse back.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter


class ArticleCsvItemExporter(CsvItemExporter):
    """CSV with a header of the exported keys in their order (``fields_to_export``: the contract's).

    Lists and objects (authors, tags, subsections, images) are JSON text in one cell,
    UTF-8 without escapes; null is an empty cell.  The header is written also when no
    record follows, so an empty slice still reads as a table with its columns.
    """

    def start_exporting(self) -> None:
        super().start_exporting()
        if self.include_headers_line and self.fields_to_export:
            self._headers_not_written = False
            self._write_headers_and_set_fields_to_export(None)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, (list, tuple, dict)):
            return json.dumps(value, ensure_ascii=False)
        return super().serialize_field(field, name, value)
