"""The oversight log on both databases: same-transaction recording, tamper detection, proofs."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from sqlalchemy import delete, select, update

from jointdesk import audit
from jointdesk.audit.canonical import canonical_json
from jointdesk.audit.merkle import verify_consistency, verify_inclusion
from jointdesk.audit.models import AccessLogEntry, AuditEvent, AuditHead, AuditOpening
from jointdesk.db import UnitOfWorkFactory
from support import SYSTEM, make_agency

EV = audit.AuditLogEvent


def _record_many(uow_factory: UnitOfWorkFactory, n: int, *, checkpoint_every: int = 0) -> None:
    for i in range(n):
        with uow_factory() as uow:
            audit.record(uow, SYSTEM, EV.ADMIN_PRIVILEGED_ACCESS, target=("case", f"c{i}"), fields={"n": i})
            if checkpoint_every and (i + 1) % checkpoint_every == 0:
                audit.publish_checkpoint(uow, SYSTEM)
            uow.commit()


def _status(uow_factory: UnitOfWorkFactory) -> audit.IntegrityStatus:
    with uow_factory() as uow:
        return audit.verify_database(uow)


def test_intact_log_verifies_with_checkpoints(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 12, checkpoint_every=5)
    status = _status(uow_factory)
    assert status.ok, status.message
    assert status.size == 12 + 2  # two checkpoint.published events
    assert status.checkpoints == 2


def test_rolled_back_change_leaves_no_event(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        audit.record(uow, SYSTEM, EV.ADMIN_PRIVILEGED_ACCESS)
        uow.rollback()
    with uow_factory() as uow:
        assert uow.session.scalar(select(AuditHead.size)) == 0
        assert uow.session.scalars(select(AuditEvent)).all() == []


def test_leaf_holds_codes_and_commitment_opens(uow_factory: UnitOfWorkFactory) -> None:
    make_agency(uow_factory, "Opening Test Unit")
    with uow_factory() as uow:
        event = uow.session.scalars(select(AuditEvent)).one()
        opening = uow.session.get(AuditOpening, event.seq)
        assert opening is not None and opening.salt is not None
        entry = json.loads(event.entry)
        assert "Opening Test Unit" not in event.entry  # the name stays in the case store
        recomputed = hashlib.sha256(opening.salt + canonical_json(opening.record).encode()).hexdigest()
        assert entry["commitment"] == recomputed
        assert entry["type"] == "agency.created" and entry["fields"]["country"] == "KH"


@pytest.mark.parametrize("value", ["Li Wei called +855 12 345 678", "x" * 81, 1.5, {"nested": 1}, [["a"]]])
def test_free_text_and_odd_values_never_enter_a_leaf(uow_factory: UnitOfWorkFactory, value: object) -> None:
    with uow_factory() as uow, pytest.raises(ValueError, match="audit field 'note'"):
        audit.record(uow, SYSTEM, EV.ADMIN_PRIVILEGED_ACCESS, fields={"note": value})  # type: ignore[dict-item]


def test_changed_entry_is_named(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 6, checkpoint_every=3)
    with uow_factory() as uow:
        entry = uow.session.get(AuditEvent, 2)
        assert entry is not None
        uow.session.execute(
            update(AuditEvent).where(AuditEvent.seq == 2).values(entry=entry.entry.replace('"n":2', '"n":7'))
        )
        uow.commit()
    status = _status(uow_factory)
    assert not status.ok
    assert "entry 2" in status.message and "leaf hash mismatch" in status.message


def test_rewritten_entry_and_hash_break_the_signed_root(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 6, checkpoint_every=3)
    with uow_factory() as uow:
        entry = uow.session.get(AuditEvent, 1)
        assert entry is not None
        forged = entry.entry.replace('"n":1', '"n":9')
        new_hash = hashlib.sha256(b"\x00" + forged.encode()).hexdigest()
        uow.session.execute(
            update(AuditEvent).where(AuditEvent.seq == 1).values(entry=forged, leaf_hash=new_hash)
        )
        uow.commit()
    status = _status(uow_factory)
    assert not status.ok and "differs from the signed root" in status.message


def test_deleted_entry_is_detected(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 5, checkpoint_every=5)
    with uow_factory() as uow:
        uow.session.execute(delete(AuditOpening).where(AuditOpening.seq == 3))
        uow.session.execute(delete(AuditEvent).where(AuditEvent.seq == 3))
        uow.commit()
    status = _status(uow_factory)
    assert not status.ok and "entry 3" in status.message


def test_reordered_entries_are_detected(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 4)
    with uow_factory() as uow:
        first, second = uow.session.get(AuditEvent, 1), uow.session.get(AuditEvent, 2)
        assert first is not None and second is not None
        a, b = (first.entry, first.leaf_hash), (second.entry, second.leaf_hash)
        first.entry, first.leaf_hash = b
        second.entry, second.leaf_hash = a
        uow.commit()
    status = _status(uow_factory)
    assert not status.ok and "entry 1" in status.message


def test_change_after_last_checkpoint_is_caught_by_the_head(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 3)
    with uow_factory() as uow:
        entry = uow.session.get(AuditEvent, 2)
        assert entry is not None
        forged = entry.entry.replace('"n":2', '"n":5')
        entry.entry, entry.leaf_hash = forged, hashlib.sha256(b"\x00" + forged.encode()).hexdigest()
        uow.commit()
    status = _status(uow_factory)
    assert not status.ok and "head" in status.message


def test_served_proofs_verify_against_checkpoints(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 9)
    with uow_factory() as uow:
        small = audit.publish_checkpoint(uow, SYSTEM)
        uow.commit()
    _record_many(uow_factory, 7)
    with uow_factory() as uow:
        large = audit.publish_checkpoint(uow, SYSTEM)
        assert small is not None and large is not None
        proof = audit.inclusion(uow, seq=4, size=large.size)
        hashes = [base64.b64decode(h) for h in proof["proof"]]  # type: ignore[union-attr]
        leaf = base64.b64decode(str(proof["leaf_hash"]))
        verify_inclusion(leaf, 4, large.size, hashes, bytes.fromhex(large.root))
        cons = audit.consistency(uow, first=small.size, second=large.size)
        chain = [base64.b64decode(h) for h in cons["proof"]]  # type: ignore[union-attr]
        verify_consistency(
            small.size, large.size, chain, bytes.fromhex(small.root), bytes.fromhex(large.root)
        )


def test_access_log_batches_become_one_leaf(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for i in range(3):
            audit.log_access(
                uow,
                SYSTEM,
                operation=audit.Operation.CONSULTATION,
                record_kind="person",
                record_id=f"p{i}",
                purpose=audit.Purpose.INVESTIGATION,
                justification="checking a suspect's travel history",
            )
        uow.commit()
    with uow_factory() as uow:
        seq = audit.close_access_batch(uow, SYSTEM)
        uow.commit()
    with uow_factory() as uow:
        assert seq is not None
        event = uow.session.get(AuditEvent, seq)
        assert event is not None and event.event_type == "data.consulted"
        assert json.loads(event.entry)["fields"] == {"entries": 3, "n_consultation": 3}
        assert all(e.batch_seq == seq for e in uow.session.scalars(select(AccessLogEntry)))
        assert audit.close_access_batch(uow, SYSTEM) is None


def test_access_needs_a_justification(uow_factory: UnitOfWorkFactory) -> None:
    from jointdesk.kernel.errors import InvalidInput

    with uow_factory() as uow, pytest.raises(InvalidInput) as caught:
        audit.log_access(
            uow,
            SYSTEM,
            operation=audit.Operation.CONSULTATION,
            record_kind="person",
            record_id="p1",
            purpose=audit.Purpose.INVESTIGATION,
            justification="  ",
        )
    assert caught.value.field == "justification"


def test_export_verifies_and_any_byte_change_fails(uow_factory: UnitOfWorkFactory) -> None:
    _record_many(uow_factory, 3, checkpoint_every=2)
    with uow_factory() as uow:
        audit.publish_checkpoint(uow, SYSTEM)
        data = audit.export_lines(uow)
        vkey = audit.node_vkey(uow.secrets)
    report = audit.verify_export(data, trusted_vkey=vkey)
    assert report.size == 5 and report.checkpoints == [2, 4]
    for position in range(len(data)):
        for flip in (0x01, 0x20):
            tampered = bytearray(data)
            tampered[position] ^= flip
            with pytest.raises(audit.VerificationError):
                audit.verify_export(bytes(tampered), trusted_vkey=vkey)
