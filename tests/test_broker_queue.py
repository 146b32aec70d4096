"""The queue that needs no server (no REDIS_URL): a message is never read half-written, so none is lost."""

import threading

from kombu import Connection

from config.broker import AtomicFilesystemTransport

MESSAGES = 40
# Slow to serialise: kombu opens the file before it serialises the payload, so this widens the moment a
# half-written file sits in the queue's folder (its race), and the test reliably hits it with kombu's writer.
BULKY = list(range(100_000))


def test_a_consumer_reading_while_a_producer_writes_gets_every_message_whole(tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    (tmp_path / "control").mkdir()
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "control"),
        "processed_folder": str(tmp_path),
        "polling_interval": 0.001,  # the consumer looks at the folder all the time, as a busy worker would
    }
    received, errors = [], []

    def consume():
        with Connection("atomicfs://", transport_options=options) as conn:
            queue = conn.SimpleQueue("jobs")
            while len(received) < MESSAGES:
                try:
                    received.append(queue.get(timeout=10).payload)
                except queue.Empty:
                    return
                except Exception as error:  # a half-written file: what kombu's own writer allows
                    errors.append(error)

    consumer = threading.Thread(target=consume)
    consumer.start()
    with Connection("atomicfs://", transport_options=options) as conn:
        assert isinstance(conn.transport, AtomicFilesystemTransport)
        queue = conn.SimpleQueue("jobs")
        for number in range(MESSAGES):
            queue.put({"n": number, "bulk": BULKY})
    consumer.join(timeout=60)

    assert errors == []
    assert sorted(message["n"] for message in received) == list(range(MESSAGES))
