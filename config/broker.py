"""The queue used when no Redis is configured: kombu's filesystem transport, with messages written atomically.

kombu creates a message file, then locks and writes it; a worker that lists the folder in between moves the
empty file away and fails to decode it ("Expecting value"), losing the message. Seen when a worker publishes
the start-up sweep while it starts consuming. Here a message is written under a name no queue reads, then
renamed into place: a reader sees the whole file or nothing.
"""

import os
import uuid
from time import monotonic

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.json import dumps


class AtomicChannel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # kombu's own name (milliseconds first, so the folder sorts oldest first); the queue reads *.{queue}.msg
        final = os.path.join(self.data_folder_out, f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg")
        partial = os.path.join(self.data_folder_out, f".writing-{uuid.uuid4()}")  # matches no queue's pattern
        try:
            with open(partial, "wb") as file:
                file.write(dumps(payload).encode())
            os.replace(partial, final)
        except OSError as error:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from error


class AtomicFilesystemTransport(filesystem.Transport):
    Channel = AtomicChannel


# `atomicfs://` names this transport in CELERY_BROKER_URL (web, worker and beat all import config.celery).
SCHEME = "atomicfs"
TRANSPORT_ALIASES[SCHEME] = f"{__name__}:AtomicFilesystemTransport"
