"""Course configuration for nbgrader (run every nbgrader command from this folder)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # so nbgrader can import the autograder plugin

# traitlets only logs an exception raised here and goes on with nbgrader's defaults,
# which would grade every question 0: a course that cannot load stops nbgrader instead
try:
    from autograder.course import ASSIGNMENTS  # noqa: E402
    from autograder.feedback_page import TEMPLATE_FOLDERS  # noqa: E402
    from autograder.harness_copies import release_hook  # noqa: E402
    from autograder.harness.quiet import quiet_process  # noqa: E402
    from autograder import transactional_autograde  # noqa: E402
except Exception as exc:  # noqa: BLE001 - any failure to import the course's code
    raise SystemExit(
        f"nbgrader_config.py cannot load the course's grading code ({type(exc).__name__}: "
        f"{exc}). Run nbgrader in this folder with the project's environment "
        "(source scripts/env.sh).") from exc

# nbgrader scores a test cell 0 when anything reaches stderr: keep libraries quiet
quiet_process()
# `nbgrader autograde` grades each submission as a transaction: nbgrader deletes the
# previous autograded notebook before any configurable step runs, and has no option
# for its converter class, so this points it at our subclass (see the module)
transactional_autograde.install()

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "rnn-week4-day1"
c.CourseDirectory.release_directory = "assignments"
# nbgrader never carries the public checking package `_harness` (the link in source/ is
# for instructors, a student's copy is theirs); autograder/harness_copies.py puts a real
# copy in the release, the exchange and each notebook being graded, the same way from
# the command line and from formgrader's Generate and Release buttons
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "_harness"]
c.GenerateAssignment.post_convert_hook = release_hook(os.path.join(HERE, "assignments"))
c.ExchangeFactory.release_assignment = "autograder.harness_copies.ReleaseWithHarness"

# a student's notebook is executed for fresh outputs (in a sealed kernel: see
# autograder/seal/isolation.py); a hung cell must not hang grading
# (a cell that times out is interrupted: nbgrader's Execute.interrupt_on_timeout)
c.Execute.timeout = 120
c.ExecutePreprocessor.timeout = 120

# deleted test cells come back from the gradebook, so they are still graded
c.OverwriteCells.add_missing_cells = True

c.Autograde.autograde_preprocessors = [
    "autograder.preprocessors.ProvideHarness",
    "autograder.preprocessors.SealedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "autograder.preprocessors.JudgeTestCells",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# the feedback shows students' own text and outputs as text, never as live HTML
# (feedback_safety.py), and reads well anywhere: questions named, no stray score
# output, reports that wrap, formulas as MathML that need no MathJax download
# (feedback_page.py, templates/rnn_feedback/)
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.feedback_safety.UntrustedAsText",
    "autograder.feedback_page.StudentView",
]
c.HTMLExporter.sanitize_html = True
# the feedback page's template is for generate_feedback's exporter only: formgrader
# renders a submission with an HTMLExporter of its own, which would take it too (and
# fail, answering every submission with "the formgrader encountered an error")
FEEDBACK_PAGE = c.GenerateFeedback.HTMLExporter
FEEDBACK_PAGE.template_name = "rnn_feedback"
FEEDBACK_PAGE.template_file = "page.html.j2"
FEEDBACK_PAGE.extra_template_basedirs = TEMPLATE_FOLDERS
FEEDBACK_PAGE.filters = {"markdown2html": "autograder.feedback_page.markdown2html"}

# Limits on student code while grading: the README's table ("Limits") lists each one
# with its default, which the grading code defines once (c.GradingLimits, in
# autograder/grading_settings.py). Set here only what you change, for example:
#   c.GradingLimits.call_timeout = 60   # seconds per call of a student function
#   c.GradingLimits.kernel_memory_mb = 4096
