"""A user's whole data as one JSON document (export), and back into an empty account (restore).

- `document.py`: the format, the export, and the checks that need no database (size, shape, row limit);
- `checks.py`: every row and the profile checked as the database will see them, before any write;
- `writer.py`: the rows written in short transactions, and taken back out after a failure;
- `jobs.py`: the restore as a background job (one at a time per user, all or nothing, with progress);
- `deletion.py`: deleting an account, its sessions and its login records.
"""

from .deletion import account_delete
from .document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_ROWS,
    PROFILE_FIELDS,
    RENAMED_KEYS,
    BackupError,
    backup_dumps,
    backup_export,
    backup_loads,
    backup_validate,
    model_key,
    owned_models,
)
from .jobs import (
    BUSY,
    STALE_AFTER,
    account_is_empty,
    backup_restore,
    restore_job_active,
    restore_job_is_stale,
    restore_job_latest,
    restore_job_run,
    restore_job_start,
)

__all__ = [
    "BUSY",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_ROWS",
    "PROFILE_FIELDS",
    "RENAMED_KEYS",
    "STALE_AFTER",
    "BackupError",
    "account_delete",
    "account_is_empty",
    "backup_dumps",
    "backup_export",
    "backup_loads",
    "backup_restore",
    "backup_validate",
    "model_key",
    "owned_models",
    "restore_job_active",
    "restore_job_is_stale",
    "restore_job_latest",
    "restore_job_run",
    "restore_job_start",
]
