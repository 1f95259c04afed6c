"""`manage.py task_worker`: the task worker, which first takes up what it left unfinished.

django-tasks-db's `db_worker`, with three changes for production: the worker id defaults
to the machine's name (one worker per machine keeps its id across restarts; a second
worker on the same machine needs its own `--worker-id`); on start, the tasks this worker
id was running when it stopped (killed, out of memory, the machine restarting) are queued
again instead of staying "running" forever; and while the database is unreachable (a
restart) the worker waits for it instead of exiting. The systemd unit
deploy/systemd/iite-worker.service runs it.
"""

from __future__ import annotations

import logging
import socket
import time
from argparse import ArgumentParser
from typing import Any

from django.db import connections
from django_tasks_db.compat import TaskResultStatus, task_finished
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from iite.core.resilience import DATABASE_DOWN

logger = logging.getLogger("iite.resilience")

# A task taken up this many times and still not finished stops being retried (it is what
# stops the worker): it is marked failed, with the reason, for staff to see.
TASK_ATTEMPTS = 3
DATABASE_WAIT_SECONDS = 2


def tasks_take_up(*, worker_id: str, backend_name: str) -> tuple[int, int]:
    """Queue again the tasks this worker was running when it stopped without finishing.

    A task still marked running under this worker's id when the worker starts was
    orphaned by it; back in the queue, it resumes from the progress it committed (a
    credential batch from its last chunk). Returns (queued again, given up).
    """
    queued = failed = 0
    for result in DBTaskResult.objects.running().filter(backend_name=backend_name):
        if not result.worker_ids or result.worker_ids[-1] != worker_id:
            continue
        if len(result.worker_ids) >= TASK_ATTEMPTS:
            result.set_failed(
                RuntimeError(f"The worker stopped {len(result.worker_ids)} times during this task")
            )
            # As db_worker does for a task that failed: its domain may record why.
            task_finished.send(
                sender=type(result.task.get_backend()), task_result=result.task_result
            )
            failed += 1
        else:
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            queued += 1
    if queued or failed:
        logger.warning(
            "Worker %s queued %d interrupted task(s) again; gave up %d", worker_id, queued, failed
        )
    return queued, failed


class Command(db_worker.Command):
    help = "Run the task worker, first queuing again the tasks it left unfinished"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=socket.gethostname()[:64])

    def handle(self, *args: Any, **options: Any) -> None:
        # While the database restarts the worker waits for it, then takes up again the
        # task the outage interrupted, instead of exiting.
        while True:
            try:
                tasks_take_up(worker_id=options["worker_id"], backend_name=options["backend_name"])
                super().handle(*args, **options)
            except DATABASE_DOWN as error:
                logger.warning("Database unavailable (%s); the worker waits for it", error)
                connections.close_all()
                time.sleep(DATABASE_WAIT_SECONDS)
            else:
                return
