from django.core.management.base import BaseCommand, CommandParser

from iite.community.digests import digests_send
from iite.community.models import Frequency


class Command(BaseCommand):
    help = "Queue the community's e-mail digests (run daily by cron or a systemd timer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("frequency", choices=Frequency.values)

    def handle(self, *args: object, frequency: str, **options: object) -> None:
        result = digests_send.enqueue(frequency)
        self.stdout.write(f"queued {frequency} digests ({result.id})")
