"""Durable background jobs: a worker that claims rows of the ``job`` table, and their admin view.

Domains never import this package: they enqueue with ``uow.enqueue(...)`` and declare tasks in
their ``tasks.py`` (see ``jointdesk.kernel.tasks``); ``bootstrap`` hands those to the ``Worker``.
"""

from jointdesk.jobs.claim import ClaimedJob, claim_next, release
from jointdesk.jobs.service import JobView, job_dict, list_jobs, retry_job
from jointdesk.jobs.worker import Worker

__all__ = [
    "ClaimedJob",
    "JobView",
    "Worker",
    "claim_next",
    "job_dict",
    "list_jobs",
    "release",
    "retry_job",
]
