"""The feedback page as a student reads it: what ``nbgrader generate_feedback`` shows.

nbgrader's own feedback template was written for any course; ours
(``autograder/templates/rnn_feedback/``, chosen in ``nbgrader_config.py``) and this
module change what it shows, never a score:

* **Formulas render offline.** nbgrader's page loads MathJax from a CDN, so a campus
  without internet access sees raw LaTeX. :func:`markdown2html` (the exporter's
  ``markdown2html`` filter) turns every formula of the course's markdown into MathML
  while the page is written; browsers draw MathML themselves (Chromium 109+, Firefox,
  Safari), so the page needs no script, no font download and no second file, and stays
  one self-contained HTML file that ``release_feedback`` can hand out. A formula the
  converter cannot read stays as its LaTeX text.
* **No stray score.** A check cell's last output is the score nbgrader read as partial
  credit when it autograded (``Out[8]: 2.6667``). The autograded notebook keeps it;
  :class:`StudentView` leaves it out of the page, whose heading already gives the score.
* **Questions by name.** The table of contents and each check cell's heading name the
  exercise ("Exercise 2 — rnn_cell_forward"), taken from the course's source notebook,
  instead of nbgrader's "Test cell" and grade id.

Long report lines wrap (the template's style), and the report itself gives each
distinct diagnosis once per check (:func:`autograder.harness.runner.report`).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from autograder.feedback_safety import source_notebook
from autograder.course import check_question
from autograder.harness.notebook import grade_id

from jinja2 import pass_context

TITLES = "question_titles"  # resources key: StudentView -> the template
TEMPLATE = Path(__file__).parent / "templates" / "rnn_feedback"
STYLE = TEMPLATE / "feedback.css"  # inlined: the page stays one file
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def tex_to_mathml(tex: str, display: bool) -> str | None:
    """MathML for ``tex``, or None when the converter cannot read it."""
    from latex2mathml.converter import convert
    try:
        return convert(tex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any parse failure leaves the formula as text
        return None


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with formulas written as MathML (no MathJax)."""

    def inline_math(self, body: str) -> str:
        return tex_to_mathml(body, display=False) or super().inline_math(body)

    def block_math(self, body: str) -> str:
        return tex_to_mathml(body, display=True) or super().block_math(body)

    def latex_environment(self, name: str, body: str) -> str:
        tex = f"\\begin{{{name}}}{body}\\end{{{name}}}"
        return tex_to_mathml(tex, display=True) or super().latex_environment(name, body)


@pass_context
def markdown2html(context, source: str) -> str:
    """``HTMLExporter``'s ``markdown2html`` filter, formulas as MathML.

    Only the course's own markdown is rendered as markdown at all: what a student
    wrote reaches the template already escaped, inside ``<pre>``
    (:class:`autograder.feedback_safety.UntrustedAsText`), where no formula is parsed.
    """
    cell = context.get("cell", {})
    renderer = MathMLRenderer(escape=False, attachments=cell.get("attachments", {}))
    return MarkdownWithMath(renderer=renderer).render(source)


def exercise_titles(source_nb: dict) -> dict[str, str]:
    """check grade id -> the heading the question sits under in the course's notebook
    ("Exercise 2 — rnn_cell_forward"), else the question's name."""
    titles, heading = {}, ""
    for cell in source_nb.get("cells", []):
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else text
        if cell.get("cell_type") == "markdown":
            for line in text.splitlines():
                found = HEADING.match(line)
                if found:
                    heading = found.group(1).replace("`", "")
        question = check_question(grade_id(cell))
        if question is not None:
            titles[grade_id(cell)] = heading if question in heading else question
    return titles


class StudentView(Preprocessor):
    """Leaves the score output out of check cells, names the questions and adds the
    course's style to the page.

    Runs in ``GenerateFeedback.preprocessors`` after ``GetGrades`` (which reads the
    scores from the gradebook, not from these outputs) and after
    ``CSSHTMLHeaderPreprocessor`` (which sets the page's inlined style first)."""

    enabled = Bool(True).tag(config=True)  # nbgrader registers preprocessors disabled

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.cell_type == "code" and check_question(grade_id(cell)) is not None:
                cell.outputs = [o for o in cell.get("outputs", [])
                                if o.get("output_type") != "execute_result"]
        resources.setdefault("inlining", {}).setdefault("css", []).append(
            STYLE.read_text(encoding="utf-8"))
        titles = exercise_titles(source_notebook(self, resources) or {})
        resources[TITLES] = {gid: html.escape(title) for gid, title in titles.items()}
        return nb, resources


def _nbgrader_templates() -> str:
    """nbgrader's template folder, which holds the ``feedback`` template ours extends
    (nbgrader adds it itself only when the course names no template folders)."""
    import os

    import nbgrader
    return os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions",
                        "formgrader", "templates")


#: ``HTMLExporter.extra_template_basedirs`` for the course's feedback template
TEMPLATE_FOLDERS = [_nbgrader_templates(), str(TEMPLATE.parent)]
