"""When to warn and escalate on a ticket's targets (AGR-15, AGR-21..24). Pure Python: no frappe import.

A ticket has up to three open targets (acknowledge, respond, resolve), each with a start, a deadline
and a warn-at percentage. Each open target yields three events:

- ``warning`` when ``warn_percent`` of the target's working time has elapsed (on the policy's calendar);
- ``breach`` at the deadline;
- ``second`` (second-level escalation) a wall-clock ``second_after`` past the deadline, if configured.

An event is identified by ``(target, kind, due)``: when a deadline moves (urgency changed, pause) the
identity changes, so the new deadline re-arms its alerts. A watchdog fires each identity at most once.
When it runs late and several events of one target are due together, only the most advanced fires; the
ones it passed are reported as skipped so they are never sent afterwards.

Many tickets due at once (a release breaks): the watchdog handles them in batches (``batches``), gathers a
policy's warnings into one digest per recipient (``digests``: each recipient's tickets, soonest deadline
first, with the time left), and a ticket that fails to be handled is retried later with a back-off that
doubles (``retry_after``) so that it is never first in every batch while the others wait.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from after_sales.agreement.calendar import Calendar

KINDS = ("warning", "breach", "second")  # in order of escalation
KIND_LABELS = {"warning": "Warning", "breach": "Escalation", "second": "Second-level escalation"}  # the log's


@dataclass(frozen=True)
class Target:
	name: str  # "acknowledge", "response" or "resolution"
	start: datetime
	due: datetime
	warn_percent: int


@dataclass(frozen=True)
class Event:
	target: str
	kind: str
	at: datetime
	due: datetime

	@property
	def key(self) -> tuple[str, str, datetime]:
		return (self.target, self.kind, self.due)


def events_for(
	targets: Iterable[Target], calendar: Calendar, second_after: timedelta | None = None
) -> list[Event]:
	"""Every alert event of the given open targets, in time order."""
	out: list[Event] = []
	for target in targets:
		if not 1 <= target.warn_percent <= 99:
			raise ValueError("warn_percent must be between 1 and 99")
		span = calendar.elapsed(target.start, target.due)
		warn_at = calendar.add(target.start, span * target.warn_percent / 100)
		out.append(Event(target.name, "warning", min(warn_at, target.due), target.due))
		out.append(Event(target.name, "breach", target.due, target.due))
		if second_after and second_after > timedelta(0):
			out.append(Event(target.name, "second", target.due + second_after, target.due))
	return sorted(out, key=lambda e: (e.at, KINDS.index(e.kind)))


def due_now(events: Iterable[Event], fired: set[tuple], now: datetime) -> tuple[list[Event], list[Event]]:
	"""(to fire, to skip): per target, the most advanced unfired event that is due fires; earlier due ones are skipped."""
	by_target: dict[str, list[Event]] = {}
	for event in events:
		if event.key not in fired and event.at <= now:
			by_target.setdefault(event.target, []).append(event)
	fire, skip = [], []
	for pending in by_target.values():
		pending.sort(key=lambda e: KINDS.index(e.kind))
		fire.append(pending[-1])
		skip.extend(pending[:-1])
	return fire, skip


def next_check(events: Iterable[Event], fired: set[tuple]) -> datetime | None:
	"""When the watchdog must look at the ticket again: the earliest event not yet fired or skipped."""
	times = [event.at for event in events if event.key not in fired]
	return min(times) if times else None


def late_by(event: Event, now: datetime) -> timedelta:
	"""How far past the deadline a breach is (zero before it)."""
	return max(now - event.due, timedelta(0))


RETRY_FIRST, RETRY_AT_MOST = timedelta(minutes=1), timedelta(minutes=30)


def retry_after(failures: int) -> timedelta:
	"""How long a ticket that failed `failures` times in a row waits before the next try: 1, 2, 4... min, at
	most 30 (a deadline is at stake: the watchdog keeps trying)."""
	if failures < 1:
		raise ValueError("failures must be at least 1")
	return min(RETRY_FIRST * 2 ** min(failures - 1, 16), RETRY_AT_MOST)


def batches(items: Sequence, size: int) -> Iterator[Sequence]:
	"""`items` in consecutive slices of at most `size`, in order."""
	if size < 1:
		raise ValueError("size must be at least 1")
	for start in range(0, len(items), size):
		yield items[start : start + size]


@dataclass(frozen=True)
class DigestLine:
	ticket: str
	target: str
	due: datetime
	urgency: str | None = None


def digests(lines: Iterable[tuple[str, DigestLine]]) -> dict[str, list[DigestLine]]:
	"""(recipient, line) pairs to one digest per recipient: each ticket's target once, soonest deadline first."""
	out: dict[str, dict[tuple[str, str], DigestLine]] = {}
	for recipient, line in lines:
		out.setdefault(recipient, {}).setdefault((line.ticket, line.target), line)
	return {
		recipient: sorted(by_key.values(), key=lambda line: (line.due, line.ticket, line.target))
		for recipient, by_key in out.items()
	}


def minutes_left(due: datetime, now: datetime) -> int:
	"""Whole minutes from `now` to the deadline (zero once it has passed)."""
	return max(int((due - now).total_seconds() // 60), 0)
