"""daily_costs.updated_at: when each day's cost was last written.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Why: "sync the measured cost once a day" needs to know when the last sync happened; the
days themselves do not say (a day with no cost has no row, a re-sync rewrites old days).
Nullable, so rows written before this revision simply count as "never synced".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mssql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime().with_variant(mssql.DATETIME2(), "mssql")  # naive UTC, as in 0001


def upgrade() -> None:
    op.add_column("daily_costs", sa.Column("updated_at", _TS, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daily_costs") as batch:  # SQLite: copy and move
        batch.drop_column("updated_at")
