import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from iite.accounts.tests.factories import UserFactory
from iite.events.models import Registration
from iite.events.services import RegistrationError, registration_create

from .factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_many_people_registering_for_the_last_places_never_overbook():
    """Twelve people register at once for three places: three are confirmed, nine wait.

    Each thread has its own database connection; the registration service locks the
    event row (SQLite serialises the writers with its database lock instead).
    """
    event = make_event(capacity=3)
    people = [UserFactory() for _ in range(12)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def register(person):
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    registration_create(event=event, user=person)
                    break
                except OperationalError as exc:
                    # SQLite's shared in-memory test database answers "table is locked"
                    # at once instead of waiting: try again, as a client would.
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except (RegistrationError, Exception) as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 9
    assert connection.vendor in {"sqlite", "postgresql"}
