"""The store: migrations create the schema of the models; versions and publications are immutable."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from juesuan.store.db import normalize_url
from juesuan.store.models import ImmutableError, Publication, Submission, Unit, User, Version

from .helpers import example_model


def test_normalize_url_rewrites_postgres_schemes() -> None:
    assert normalize_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_migrations_match_models(bureau) -> None:
    """After the start-up migration, the database has exactly the tables and columns of the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from juesuan.store.models import Base

    with bureau.app.state.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_twice_is_harmless(bureau) -> None:
    from juesuan.store.db import migrate

    migrate(bureau.app.state.engine)
    with bureau.app.state.sessions() as db:
        assert db.scalar(select(Unit).where(Unit.id == bureau.own_unit)) is not None


def _add_version(bureau):
    from juesuan.web import services

    with bureau.app.state.sessions() as db:
        unit = db.get(Unit, bureau.own_unit)
        user = db.get(User, bureau.users["clerk"])
        v = services.add_version(db, unit, example_model(), user, "upload", "x.yaml")
        db.commit()
        return v.id


def test_version_cannot_be_changed_or_deleted(bureau) -> None:
    vid = _add_version(bureau)
    with bureau.app.state.sessions() as db:
        v = db.get(Version, vid)
        v.note = "篡改"
        with pytest.raises(ImmutableError):
            db.commit()
        db.rollback()
        v = db.get(Version, vid)
        db.delete(v)
        with pytest.raises(ImmutableError):
            db.commit()
        db.rollback()
        assert db.get(Version, vid).note == ""


def test_every_edit_is_a_new_version(bureau) -> None:
    from juesuan.web import services

    vid = _add_version(bureau)
    with bureau.app.state.sessions() as db:
        unit = db.get(Unit, bureau.own_unit)
        user = db.get(User, bureau.users["clerk"])
        m = example_model()
        m.reasons["total_change"] = "新的原因"
        v2 = services.add_version(db, unit, m, user, "edit")
        db.commit()
        assert v2.number == 2 and v2.id != vid
        assert "新的原因" not in db.get(Version, vid).model_json
        sub = db.scalar(select(Submission).where(Submission.unit_id == unit.id))
        assert sub.current_version_id == v2.id


def test_published_version_is_immutable(bureau) -> None:
    from juesuan.web import services

    _add_version(bureau)
    with bureau.app.state.sessions() as db:
        sub = db.scalar(select(Submission).where(Submission.unit_id == bureau.own_unit))
        reviewer = db.get(User, bureau.users["reviewer"])
        sub.status, sub.submitted_version_id = "submitted", sub.current_version_id
        services.approve(db, sub)
        pub = services.publish(db, sub, reviewer, "<div>bar</div>")
        db.commit()
        pub.html = "<p>篡改</p>"
        with pytest.raises(ImmutableError):
            db.commit()
        db.rollback()
        pub = db.scalar(select(Publication))
        assert "篡改" not in pub.html and "<div>bar</div>" in pub.html
        # the published version itself cannot change either
        v = db.get(Version, pub.version_id)
        v.model_json = "{}"
        with pytest.raises(ImmutableError):
            db.commit()
