"""Initial run log: runs, run_events, daily_costs.

Revision ID: 0001
Revises:
Create Date: 2026-01-01

Plain types here, not the adapter's TypeDecorators, so this revision never changes when
the adapter does: JSON lives in long text, timestamps are naive UTC (DATETIME2 on SQL Server).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mssql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime().with_variant(mssql.DATETIME2(), "mssql")
_U = sa.Unicode
_TEXT = sa.UnicodeText().with_variant(mssql.NVARCHAR(), "mssql")  # NVARCHAR(max), not NTEXT


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", _U(64), primary_key=True),
        sa.Column("state", _U(16), nullable=False),
        sa.Column("user", _U(256)),
        sa.Column("machine", _U(256)),
        sa.Column("source_name", _U(512), nullable=False),
        sa.Column("source_path", _TEXT),
        sa.Column("source_bytes", sa.BigInteger, nullable=False),
        sa.Column("sha256", _U(64)),
        sa.Column("source_format", _U(32), nullable=False),
        sa.Column("catalog", _U(128), nullable=False),
        sa.Column("database", _U(128), nullable=False),
        sa.Column("table", _U(128), nullable=False),
        sa.Column("mode", _U(32), nullable=False),
        sa.Column("keys", _TEXT, nullable=False),
        sa.Column("bad_row_policy", _U(32), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("finished_at", _TS),
        sa.Column("rows", sa.BigInteger),
        sa.Column("bad_rows", sa.BigInteger),
        sa.Column("bytes_staged", sa.BigInteger),
        sa.Column("timings", _TEXT, nullable=False),
        sa.Column("version_before", sa.BigInteger),
        sa.Column("version_after", sa.BigInteger),
        sa.Column("cost", sa.Float),
        sa.Column("problems", _TEXT, nullable=False),
        sa.Column("error", _TEXT),
        sa.Column("error_code", _U(64)),
        sa.Column("landing_uri", _TEXT),
        sa.Column("table_uri", _TEXT),
        sa.Column("engine_run_url", _TEXT),
        sa.Column("profile", _U(32), nullable=False),
        sa.Column("replay_of", _U(64)),
    )
    op.create_index("ix_runs_created_at", "runs", ["created_at"])
    op.create_index("ix_runs_state", "runs", ["state"])
    op.create_index("ix_runs_database_table", "runs", ["database", "table"])
    op.create_index("ix_runs_user", "runs", ["user"])
    op.create_index("ix_runs_sha256", "runs", ["sha256"])

    op.create_table(
        "run_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", _U(64),
                  sa.ForeignKey("runs.run_id", name="fk_run_events_run_id",
                                ondelete="CASCADE"),
                  nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("state", _U(16), nullable=False),
        sa.Column("stage", _U(32)),
        sa.Column("message", _TEXT, nullable=False),
    )
    op.create_index("ix_run_events_run_id", "run_events", ["run_id"])

    op.create_table(
        "daily_costs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("source", _U(64), nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
        sa.UniqueConstraint("day", "source", name="uq_daily_costs_day_source"),
    )


def downgrade() -> None:
    op.drop_table("daily_costs")
    op.drop_index("ix_run_events_run_id", table_name="run_events")
    op.drop_table("run_events")
    for name in ("ix_runs_sha256", "ix_runs_user", "ix_runs_database_table", "ix_runs_state",
                 "ix_runs_created_at"):
        op.drop_index(name, table_name="runs")
    op.drop_table("runs")
