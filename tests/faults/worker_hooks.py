"""Test-only hooks inside a drill's worker process, switched on by environment variables.

OTOP_FAULTS_REPORT_PAUSE=<seconds>: once the worker is ready, evaluation.reports.render_pdf is wrapped so
that a report run stops half-way — its snapshot computed and its xlsx file already written to storage,
the PDF not yet, the transaction still open — touches OTOP_FAULTS_REPORT_MARKER and sleeps. The drill
kills the worker there. The portal's code has no hook of its own: this module is loaded only by
tests/faults/worker_settings.py.
"""

import os
import time
from pathlib import Path

from celery.signals import worker_ready


@worker_ready.connect
def _pause_reports_half_way(**kwargs):
    pause = float(os.environ.get("OTOP_FAULTS_REPORT_PAUSE", "0") or 0)
    if not pause:
        return
    from evaluation import reports

    render_pdf = reports.render_pdf
    marker = Path(os.environ["OTOP_FAULTS_REPORT_MARKER"])

    def half_way_then_pause(snapshot):
        marker.write_text(str(os.getpid()))
        time.sleep(pause)
        return render_pdf(snapshot)

    reports.render_pdf = half_way_then_pause
