"""The SQL store's tables (SQLAlchemy 2.0 typed ORM).

Portable across SQLite and PostgreSQL: generic types only (JSON maps to TEXT on
SQLite and JSON on PostgreSQL). Changes go through an Alembic migration in
``models/migrations/versions``; ``tests/test_store.py`` checks that the
migrations and these classes agree.

Beside the tables, migration 0004 makes what the ORM does not model: the full-text
index ``actions_fts`` (SQLite FTS5 table kept by triggers; PostgreSQL GIN index) and
the researchers' views, declared at the end of this module so the store can query them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    column,
    func,
    table,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class AuthorityRow(Base):
    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    ons_code: Mapped[str] = mapped_column(String(12), unique=True)
    dfe_code: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(60))
    la_type: Mapped[str | None] = mapped_column(String(60))


class DocumentRow(Base):
    __tablename__ = "documents"

    """One content (sha256) of a plan or report, wherever it was found (``sources``)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source_path: Mapped[str] = mapped_column(Text, unique=True)  # the first of its sources in sort order
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    extractor: Mapped[str] = mapped_column(String(40))
    doc_type: Mapped[str] = mapped_column(String(40), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    authority_raw: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    document_date: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    version: Mapped[str | None] = mapped_column(String(60))
    inspection_date: Mapped[date | None] = mapped_column(Date)
    warnings: Mapped[list[str]] = mapped_column(default=list)
    parse_report: Mapped[dict[str, Any] | None] = mapped_column()  # models.records.ParseReport as JSON
    extractor_version: Mapped[str | None] = mapped_column(String(60))  # pipeline.run.extractor_version()
    series: Mapped[str | None] = mapped_column(String(40), index=True)  # one plan's versions (pipeline.lineage)
    series_position: Mapped[int | None] = mapped_column(Integer)  # 0 for the series' first version, 1, ...
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    authority: Mapped[AuthorityRow | None] = relationship()
    sources: Mapped[list[DocumentSourceRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="DocumentSourceRow.path",
    )
    recommendations: Mapped[list[RecommendationRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="RecommendationRow.position",
    )
    actions: Mapped[list[ActionRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, order_by="ActionRow.position"
    )
    report: Mapped[InspectionReportRow | None] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class DocumentSourceRow(Base):
    """A path (absolute, or relative to the root the user named) where a document's bytes were found."""

    __tablename__ = "document_sources"

    path: Mapped[str] = mapped_column(Text, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)

    document: Mapped[DocumentRow] = relationship(back_populates="sources")


class RecommendationRow(Base):
    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str | None] = mapped_column(String(40), index=True)  # stable across re-extraction (pipeline.keys)
    ref: Mapped[str | None] = mapped_column(String(40))
    ref_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    priority: Mapped[str | None] = mapped_column(String(20))
    priority_raw: Mapped[str | None] = mapped_column(Text)
    heading: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[DocumentRow] = relationship(back_populates="recommendations")
    themes: Mapped[list[RecommendationThemeRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class ActionRow(Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str | None] = mapped_column(String(40), index=True, unique=True)  # stable (pipeline.keys)
    # Lineage (pipeline.lineage): the key of the action this one continues from the plan's earlier versions
    # (its own key when it has none), how it changed from the previous version, and the threads split or merged.
    thread: Mapped[str | None] = mapped_column(String(40), index=True)
    change: Mapped[str | None] = mapped_column(String(20))  # first | kept | edited | added | split | merged
    previous: Mapped[list[str] | None] = mapped_column()
    ref: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(Text)
    # The recommendation's text again, so that one full-text index (actions_fts) covers both.
    recommendation_text: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    leads: Mapped[list[str]] = mapped_column(default=list)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    rag: Mapped[str | None] = mapped_column(String(10), index=True)
    rag_raw: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    page: Mapped[int | None] = mapped_column(Integer)
    table_index: Mapped[int | None] = mapped_column(Integer)
    row_index: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)
    engine: Mapped[str | None] = mapped_column(String(30))

    document: Mapped[DocumentRow] = relationship(back_populates="actions")
    recommendation: Mapped[RecommendationRow | None] = relationship()
    themes: Mapped[list[ActionThemeRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    lead_parts: Mapped[list[ActionLeadRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ActionLeadRow.position"
    )


class InspectionReportRow(Base):
    """The facts of a document that is an Ofsted inspection report."""

    __tablename__ = "inspection_reports"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    framework: Mapped[str | None] = mapped_column(String(10), index=True)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    inspection_start: Mapped[date | None] = mapped_column(Date)
    inspection_end: Mapped[date | None] = mapped_column(Date)
    overall_judgement: Mapped[str | None] = mapped_column(String(60), index=True)
    judgements: Mapped[dict[str, Any]] = mapped_column(default=dict)

    document: Mapped[DocumentRow] = relationship(back_populates="report")


class PlanReportLink(Base):
    """Which inspection report a plan answers, and how that was decided."""

    __tablename__ = "plan_report_links"

    plan_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    report_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(20))  # "named" (the plan states the date) | "latest_before"


class RecommendationLink(Base):
    """A plan recommendation answering a report recommendation, with the match score."""

    __tablename__ = "recommendation_links"

    plan_recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    report_recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(20))  # "ref+text" | "text" | "ref"


class ActionThemeRow(Base):
    """A theme of an action, from its own text or (origin "recommendation") inherited and labelled so."""

    __tablename__ = "action_themes"

    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    origin: Mapped[str] = mapped_column(String(20), primary_key=True)  # "action" | "recommendation"
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[str]] = mapped_column(default=list)  # the matched terms


class RecommendationThemeRow(Base):
    __tablename__ = "recommendation_themes"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[str]] = mapped_column(default=list)


class ActionLeadRow(Base):
    """A person, role or team named in an action's lead cell."""

    __tablename__ = "action_leads"

    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # as printed
    kind: Mapped[str] = mapped_column(String(10))  # person | role | team
    normalised: Mapped[str] = mapped_column(Text, index=True)  # abbreviations expanded: "HoS" -> "Head of Service"


class CorrectionRow(Base):
    """An analyst's correction of one field of one action (by key), kept apart from the extracted values.

    ``was``: the extracted value when the correction was made; ``extracted``: the value the latest extraction
    gave (restored on withdrawal); ``review``: the two differ, so the source cell changed since.
    """

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_key: Mapped[str] = mapped_column(String(40), index=True)
    field: Mapped[str] = mapped_column(String(20))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    was: Mapped[Any] = mapped_column(JSON, nullable=True)
    extracted: Mapped[Any] = mapped_column(JSON, nullable=True)
    review: Mapped[bool] = mapped_column(Boolean, default=False)
    by: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(80))


def not_modelled(name: str | None) -> bool:
    """Whether a table or index is one of migration 0004's own (full-text search), not these classes'."""
    return bool(name) and name.startswith("actions_fts")


# The views of migrations 0004 and 0005, as the store queries them.

ACTION_ROWS = table(
    "action_rows",  # one flat row per action
    column("action_id", Integer), column("document_id", Integer), column("key", String),
    column("authority", String), column("ons_code", String), column("region", String),
    column("year", Integer), column("doc_type", String), column("document_date", Date),
    column("source", Text), column("sha256", String),
    column("recommendation_ref", String), column("recommendation", Text), column("priority", String),
    column("action_ref", String), column("action", Text), column("lead", Text), column("leads", JSON),
    column("deadline_text", Text), column("deadline", Date), column("rag", String), column("rag_raw", Text),
    column("progress", Text), column("themes", Text),  # theme ids joined by "; "
    column("corrected", Text),  # corrected fields joined by "; ", "(review)" after one whose source changed
    column("page", Integer), column("line", Integer), column("table_index", Integer), column("row_index", Integer),
)
# The columns of an action row in every output (query, extract, exports): the view's, less its ids.
ACTION_COLUMNS = tuple(c.name for c in ACTION_ROWS.c if c.name not in ("action_id", "document_id"))

AUTHORITY_YEAR_SUMMARY = table(
    "authority_year_summary",  # per authority and document year, over plans and progress reports
    column("authority", String), column("ons_code", String), column("region", String), column("year", Integer),
    column("plans", Integer), column("actions", Integer),
    column("red", Integer), column("amber", Integer), column("green", Integer), column("blue", Integer),
    column("no_rag", Integer), column("with_deadline", Integer), column("overdue", Integer),
)

ACTION_HISTORY = table(
    "action_history",  # one row per version of each tracked action (key: its thread)
    column("key", String), column("authority", String), column("ons_code", String), column("series", String),
    column("series_position", Integer),
    column("document_id", Integer),
    column("document_date", Date), column("year", Integer), column("version", String), column("source", Text),
    column("action_key", String), column("position", Integer), column("recommendation_ref", String),
    column("action", Text),
    column("rag", String), column("deadline", Date), column("progress", Text), column("change", String),
)
