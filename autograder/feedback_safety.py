"""Feedback HTML that shows what a student wrote as text, never as markup.

``nbgrader generate_feedback`` renders the autograded notebook as HTML that the
instructor and the student open in a browser. Everything in it that the student
could shape - every output (produced by the student's kernel, which runs the
student's code) and every markdown cell they could edit - would otherwise reach
that browser as live HTML and JavaScript. :class:`UntrustedAsText` runs last in
``GenerateFeedback.preprocessors`` and leaves only inert content: outputs keep
their text (and bitmap images, which the template escapes), and markdown the course
did not write is shown as escaped, preformatted text.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, List

SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class UntrustedAsText(Preprocessor):
    """Rich outputs become their text; markdown not written by the course becomes text.

    A markdown (or raw) cell counts as the course's own only if its text equals a
    markdown cell of the assignment's source notebook: nbgrader's ``locked`` flag is
    not enough, because course text without nbgrader metadata is editable by the
    student, and cell metadata is the student's to forge.
    """

    # nbgrader registers its converters' preprocessors without enabling them
    enabled = Bool(True).tag(config=True)
    kept_mimetypes = List(["text/plain", "image/png", "image/jpeg"], help=(
        "Output types shown as they are; the feedback template escapes these. Every other "
        "type (HTML, JavaScript, SVG, Markdown, LaTeX, widgets) is dropped in favour of "
        "the text/plain fallback.")).tag(config=True)

    def preprocess(self, nb, resources):
        course_text = self._course_markdown(resources)
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id is not None and not SAFE_ID.match(str(grade_id)):
                del cell.metadata["nbgrader"]  # the template prints grade ids unescaped
            if cell.cell_type in ("markdown", "raw") and cell.source.strip() not in course_text:
                self._as_text(cell)
            for output in cell.get("outputs", []):
                if "data" in output:
                    self._plain(output)
        return nb, resources

    def _plain(self, output) -> None:
        data = {k: v for k, v in output.data.items() if k in self.kept_mimetypes}
        if not data:
            data = {"text/plain": "[output not shown in the feedback: " +
                                  ", ".join(sorted(output.data)) + "]"}
        output.data = data
        output.metadata = {}  # e.g. "filenames" would point an <img> anywhere

    @staticmethod
    def _as_text(cell) -> None:
        """``cell`` as a markdown cell holding its text, escaped, in a <pre> block:
        no tag, link, image or script of the student's survives, and MathJax skips it."""
        text = cell.source
        cell.cell_type = "markdown"
        cell.pop("attachments", None)
        cell.metadata.pop("raw_mimetype", None)
        cell.source = ('<pre style="white-space: pre-wrap">' + html.escape(text) + "</pre>"
                       if text.strip() else "")

    def _course_markdown(self, resources) -> set[str]:
        """The stripped text of every markdown cell of the source notebook (empty when
        it cannot be found, so that nothing is trusted)."""
        source = source_notebook(self, resources)
        if source is None:
            self.log.warning("no source notebook for %s: every markdown cell is shown as "
                             "text", resources.get("nbgrader", {}).get("assignment"))
            return set()
        return {"".join(c["source"]).strip() if isinstance(c["source"], list)
                else c["source"].strip()
                for c in source.get("cells", []) if c.get("cell_type") == "markdown"}


def source_notebook(parent, resources) -> dict | None:
    """The source notebook of the notebook being converted (the course's own text, as
    ``nbgrader generate_assignment`` read it), or None when it cannot be read."""
    from nbgrader.coursedir import CourseDirectory
    meta = resources.get("nbgrader", {})
    if not meta.get("assignment") or not meta.get("notebook"):
        return None
    coursedir = CourseDirectory(parent=parent)
    folder = coursedir.format_path(coursedir.source_directory, ".", meta["assignment"])
    try:
        return json.loads((Path(folder) / f"{meta['notebook']}.ipynb").read_text(
            encoding="utf-8"))
    except (OSError, ValueError):
        return None
