"""The SQL store: the only module that touches the database.

One :class:`Store` per database URL. ``save`` writes one document with its
recommendations and actions in one transaction, replacing what was stored for
the same source path, so a failure leaves the database as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from alembic import command
from alembic.config import Config
from sqlalchemy import ColumnElement, Engine, case, create_engine, delete, event, func, or_, select
from sqlalchemy.orm import Session, aliased

from models.records import Document
from models.schema import (
    ActionLeadRow,
    ActionRow,
    ActionThemeRow,
    AuthorityRow,
    DocumentRow,
    InspectionReportRow,
    PlanReportLink,
    RecommendationLink,
    RecommendationRow,
    RecommendationThemeRow,
)
from pipeline.authorities import authority_index
from pipeline.linking import (
    RecText,
    ReportCandidate,
    choose_report,
    match_recommendations,
    plan_date,
)

DEFAULT_DB = "sqlite:///data/processed/actionplans.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: explicit, else $ACTIONPLANS_DB, else the SQLite file under data/processed."""
    return url or os.environ.get("ACTIONPLANS_DB") or DEFAULT_DB


def _make_engine(url: str) -> Engine:
    """Engine with the one dialect-specific setting the store needs.

    SQLite enforces foreign keys (and so ON DELETE CASCADE) only when asked, per connection.
    """
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)

        @event.listens_for(engine, "connect")
        def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


class TagRecords(Protocol):
    """The theme tagger as the store sees it (pipeline.themes.record_themes with a tagger bound)."""

    def __call__(self, recommendation_texts: list[str], actions: list[tuple[str, int | None]]) -> Any: ...


@dataclass(frozen=True)
class ActionQuery:
    """Filters of ``actionplans query``; None means no filter."""

    authority: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    rag: str | None = None
    lead: str | None = None
    text: str | None = None
    doc_type: str | None = None
    theme: str | None = None
    limit: int | None = None


class Store:
    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        self.engine = _make_engine(self.url)
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the latest Alembic revision (creates it on a new database)."""
        config = Config()
        config.set_main_option("script_location", str(resources.files("models") / "migrations"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def stored_sha256(self, source_path: str) -> str | None:
        with Session(self.engine) as session:
            return session.scalar(select(DocumentRow.sha256).where(DocumentRow.source_path == source_path))

    def has_sha256(self, sha256: str) -> bool:
        with Session(self.engine) as session:
            return session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256).limit(1)) is not None

    def save(self, doc: Document) -> str:
        """Store a document, replacing the one at the same source path. Returns 'added' or 'replaced'."""
        with self._session() as session:
            deleted = session.execute(delete(DocumentRow).where(DocumentRow.source_path == doc.source)).rowcount
            row = DocumentRow(
                source_path=doc.source,
                sha256=doc.sha256,
                extractor=doc.extractor,
                doc_type=doc.doc_type,
                authority=self._authority(session, doc.authority_code),
                authority_raw=doc.authority_raw,
                title=doc.title,
                document_date=doc.document_date,
                year=doc.year,
                version=doc.version,
                inspection_date=doc.inspection_date,
                warnings=doc.warnings,
            )
            if doc.report:
                r = doc.report
                row.report = InspectionReportRow(
                    framework=r.framework, published=r.published, published_estimated=r.published_estimated,
                    inspection_start=r.inspection_start,
                    inspection_end=r.inspection_end, overall_judgement=r.overall_judgement, judgements=r.judgements,
                )
            recs = [
                RecommendationRow(
                    position=i, ref=r.ref, ref_inferred=r.ref_inferred, text=r.text, priority=r.priority,
                    priority_raw=r.priority_raw, heading=r.heading, page=r.page, line=r.line,
                    themes=[_rec_theme(tag) for tag in r.theme_tags],
                )
                for i, r in enumerate(doc.recommendations)
            ]
            row.recommendations = recs
            row.actions = [
                ActionRow(
                    position=i,
                    recommendation=recs[a.recommendation_index] if a.recommendation_index is not None else None,
                    ref=a.ref, action=a.action, lead=a.lead, leads=a.leads,
                    deadline_text=a.deadline_text, deadline=a.deadline, rag=a.rag, rag_raw=a.rag_raw,
                    progress=a.progress, outcome=a.outcome, measure=a.measure, cost=a.cost, extra=a.extra,
                    page=a.page, table_index=a.table, row_index=a.row, line=a.line, engine=a.engine,
                    themes=[_action_theme(tag) for tag in a.theme_tags],
                    lead_parts=[ActionLeadRow(position=j, **part) for j, part in enumerate(a.lead_parts)],
                )
                for i, a in enumerate(doc.actions)
            ]
            session.add(row)
            session.flush()
            if row.authority_id is not None:
                self._relink(session, row.authority_id)
        return "replaced" if deleted else "added"

    @staticmethod
    def _relink(session: Session, authority_id: int) -> None:
        """Recompute which report each plan of an authority answers, and the recommendation links.

        Run inside the saving transaction: a new report can change the answer
        for plans stored earlier, and a new plan needs its links at once.
        """
        docs = session.scalars(select(DocumentRow).where(DocumentRow.authority_id == authority_id)).all()
        reports = {d.id: d for d in docs if d.report is not None}
        plans = [d for d in docs if d.report is None]
        plan_ids = [p.id for p in plans]
        session.execute(delete(PlanReportLink).where(PlanReportLink.plan_document_id.in_(plan_ids)))
        session.execute(delete(RecommendationLink).where(RecommendationLink.plan_recommendation_id.in_(
            select(RecommendationRow.id).where(RecommendationRow.document_id.in_(plan_ids))
        )))
        candidates = [ReportCandidate(d.id, d.report.published, d.report.inspection_end) for d in reports.values()]
        for plan in plans:
            chosen = choose_report(plan_date(plan.document_date, plan.year), plan.inspection_date, candidates)
            if chosen is None:
                continue
            candidate, method = chosen
            session.add(PlanReportLink(plan_document_id=plan.id, report_document_id=candidate.document_id, method=method))
            links = match_recommendations(
                [RecText(r.id, r.ref, r.text) for r in plan.recommendations],
                [RecText(r.id, r.ref, r.text) for r in reports[candidate.document_id].recommendations],
            )
            session.add_all(
                RecommendationLink(
                    plan_recommendation_id=link.plan_recommendation_id,
                    report_recommendation_id=link.report_recommendation_id,
                    score=link.score, method=link.method,
                )
                for link in links
            )

    @staticmethod
    def _authority(session: Session, ons_code: str | None) -> AuthorityRow | None:
        """The authorities row for a code, created from the reference table on first use."""
        if ons_code is None:
            return None
        row = session.scalar(select(AuthorityRow).where(AuthorityRow.ons_code == ons_code))
        if row is None:
            ref = authority_index().by_code[ons_code]
            row = AuthorityRow(
                name=ref.name, ons_code=ref.ons_code, dfe_code=ref.dfe_code, region=ref.region, la_type=ref.la_type
            )
            session.add(row)
        return row

    def query_actions(self, q: ActionQuery) -> list[dict[str, Any]]:
        """Actions matching the filters, with their document and recommendation, as plain dicts."""
        rec = aliased(RecommendationRow)
        stmt = (
            select(ActionRow, DocumentRow, AuthorityRow, rec)
            .join(DocumentRow, ActionRow.document_id == DocumentRow.id)
            .outerjoin(AuthorityRow, DocumentRow.authority_id == AuthorityRow.id)
            .outerjoin(rec, ActionRow.recommendation_id == rec.id)
            .order_by(AuthorityRow.name, DocumentRow.year, DocumentRow.source_path, ActionRow.position)
        )
        if q.authority:
            stmt = stmt.where(_authority_matches(q.authority))
        if q.year_from is not None:
            stmt = stmt.where(DocumentRow.year >= q.year_from)
        if q.year_to is not None:
            stmt = stmt.where(DocumentRow.year <= q.year_to)
        if q.rag:
            stmt = stmt.where(ActionRow.rag == q.rag.lower())
        if q.lead:
            needle = q.lead.lower()
            named = select(ActionLeadRow.action_id).where(or_(
                func.lower(ActionLeadRow.normalised).contains(needle, autoescape=True),
                func.lower(ActionLeadRow.name).contains(needle, autoescape=True),
            ))
            stmt = stmt.where(or_(
                func.lower(ActionRow.lead).contains(needle, autoescape=True), ActionRow.id.in_(named)
            ))
        if q.theme:
            stmt = stmt.where(ActionRow.id.in_(select(ActionThemeRow.action_id).where(ActionThemeRow.theme == q.theme)))
        if q.text:
            needle = q.text.lower()
            stmt = stmt.where(or_(
                func.lower(ActionRow.action).contains(needle, autoescape=True),
                func.lower(rec.text).contains(needle, autoescape=True),
            ))
        if q.doc_type:
            stmt = stmt.where(DocumentRow.doc_type == q.doc_type)
        if q.limit:
            stmt = stmt.limit(q.limit)
        with Session(self.engine) as session:
            return [_action_dict(*row) for row in session.execute(stmt)]

    def coverage(self, authority: str | None = None) -> list[dict[str, Any]]:
        """Per recommendation of every report some stored plan answers: the plan actions that answer it."""
        plan_doc = aliased(DocumentRow)
        plan_rec = aliased(RecommendationRow)
        stmt = (
            select(DocumentRow, AuthorityRow, RecommendationRow, PlanReportLink, plan_doc)
            .join(InspectionReportRow, InspectionReportRow.document_id == DocumentRow.id)
            .join(AuthorityRow, DocumentRow.authority_id == AuthorityRow.id)
            .join(PlanReportLink, PlanReportLink.report_document_id == DocumentRow.id)
            .join(plan_doc, PlanReportLink.plan_document_id == plan_doc.id)
            .join(RecommendationRow, RecommendationRow.document_id == DocumentRow.id)
            .order_by(AuthorityRow.name, DocumentRow.source_path, plan_doc.source_path, RecommendationRow.position)
        )
        if authority:
            stmt = stmt.where(_authority_matches(authority))
        answered = (
            select(RecommendationLink.report_recommendation_id, plan_rec, ActionRow, RecommendationLink.score)
            .join(plan_rec, RecommendationLink.plan_recommendation_id == plan_rec.id)
            .outerjoin(ActionRow, ActionRow.recommendation_id == plan_rec.id)
            .order_by(plan_rec.position, ActionRow.position)
        )
        with Session(self.engine) as session:
            rows = session.execute(stmt).all()
            answers: dict[tuple[int, int], list[dict[str, Any]]] = {}
            for report_rec_id, prec, action, score in session.execute(answered):
                answers.setdefault((report_rec_id, prec.document_id), []).append({
                    "plan_recommendation_ref": prec.ref, "score": round(score, 1),
                    "action_ref": action.ref if action else None, "action": action.action if action else None,
                    "rag": action.rag if action else None, "line": action.line if action else None,
                })
            return [
                {
                    "authority": auth.name, "report": report.source_path, "plan": plan.source_path,
                    "link_method": link.method, "ref": rec.ref, "priority": rec.priority, "recommendation": rec.text,
                    "answers": [a for a in answers.get((rec.id, plan.id), []) if a["action"]],
                    "plan_recommendations": sorted({a["plan_recommendation_ref"] or "?" for a in answers.get((rec.id, plan.id), [])}),
                }
                for report, auth, rec, link, plan in rows
            ]

    def retag(self, tag_records: TagRecords) -> dict[str, int]:
        """Re-apply the theme tagger to every stored record without re-reading sources, in one transaction.

        Returns the number of theme tags before and after.
        """
        with self._session() as session:
            before = self._tag_count(session)
            for doc in session.scalars(select(DocumentRow)):
                position = {rec.id: i for i, rec in enumerate(doc.recommendations)}
                found = tag_records(
                    [rec.text for rec in doc.recommendations],
                    [(a.action, position.get(a.recommendation_id)) for a in doc.actions],
                )
                for rec, tags in zip(doc.recommendations, found.recommendations):
                    rec.themes = [RecommendationThemeRow(theme=t.theme, score=t.score, evidence=t.evidence) for t in tags]
                for action, tags in zip(doc.actions, found.actions):
                    action.themes = [_action_theme(t.to_dict()) for t in tags]
            session.flush()
            return {"before": before, "after": self._tag_count(session)}

    @staticmethod
    def _tag_count(session: Session) -> int:
        return sum(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (ActionThemeRow, RecommendationThemeRow)
        )

    def theme_counts(self) -> list[dict[str, Any]]:
        """Actions per theme, authority and year: from their own text, and including inherited themes."""
        own = func.count(func.distinct(case((ActionThemeRow.origin == "action", ActionThemeRow.action_id))))
        stmt = (
            select(ActionThemeRow.theme, AuthorityRow.name, DocumentRow.year, own,
                   func.count(func.distinct(ActionThemeRow.action_id)))
            .join(ActionRow, ActionThemeRow.action_id == ActionRow.id)
            .join(DocumentRow, ActionRow.document_id == DocumentRow.id)
            .outerjoin(AuthorityRow, DocumentRow.authority_id == AuthorityRow.id)
            .group_by(ActionThemeRow.theme, AuthorityRow.name, DocumentRow.year)
            .order_by(ActionThemeRow.theme, AuthorityRow.name, DocumentRow.year)
        )
        with Session(self.engine) as session:
            return [
                {"theme": theme, "authority": name, "year": year, "actions_own": n_own, "actions_all": n_all}
                for theme, name, year, n_own, n_all in session.execute(stmt)
            ]

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
                for table in (DocumentRow, RecommendationRow, ActionRow, AuthorityRow)
            }

    def document_sources(self) -> Sequence[str]:
        with Session(self.engine) as session:
            return session.scalars(select(DocumentRow.source_path).order_by(DocumentRow.source_path)).all()


def _authority_matches(text: str) -> ColumnElement[bool]:
    """Authority filter: part of the canonical name, or the exact ONS code, case-insensitive."""
    needle = text.lower()
    return or_(func.lower(AuthorityRow.name).contains(needle, autoescape=True), func.lower(AuthorityRow.ons_code) == needle)


def _rec_theme(tag: dict[str, Any]) -> RecommendationThemeRow:
    return RecommendationThemeRow(theme=tag["theme"], score=tag["score"], evidence=tag["evidence"])


def _action_theme(tag: dict[str, Any]) -> ActionThemeRow:
    return ActionThemeRow(theme=tag["theme"], origin=tag["origin"], score=tag["score"], evidence=tag["evidence"])


def _action_dict(action: ActionRow, doc: DocumentRow, auth: AuthorityRow | None, rec: RecommendationRow | None) -> dict[str, Any]:
    return {
        "authority": auth.name if auth else None,
        "ons_code": auth.ons_code if auth else None,
        "year": doc.year,
        "doc_type": doc.doc_type,
        "recommendation_ref": rec.ref if rec else None,
        "recommendation": rec.text if rec else None,
        "priority": rec.priority if rec else None,
        "action_ref": action.ref,
        "action": action.action,
        "lead": action.lead,
        "deadline_text": action.deadline_text,
        "deadline": action.deadline.isoformat() if action.deadline else None,
        "rag": action.rag,
        "rag_raw": action.rag_raw,
        "themes": sorted({t.theme for t in action.themes}),
        "source": doc.source_path,
        "sha256": doc.sha256,
        "page": action.page,
        "line": action.line,
        "table": action.table_index,
        "row": action.row_index,
    }
