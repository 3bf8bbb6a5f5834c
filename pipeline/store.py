"""The SQL store: the only module that reads or writes the database's rows.

A document is its content (sha256); every path its bytes were found at is one of its sources. Each
write is one transaction holding the database's write lock (:mod:`pipeline.database`), so a failure
leaves the database as it was and concurrent writers store what one serial run stores.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    delete,
    distinct,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from models.records import Document
from models.schema import (
    ACTION_COLUMNS,
    ACTION_HISTORY,
    ACTION_ROWS,
    AUTHORITY_YEAR_SUMMARY,
    ActionLeadRow,
    ActionRow,
    ActionThemeRow,
    AuthorityRow,
    CorrectionRow,
    DocumentRow,
    DocumentSourceRow,
    InspectionReportRow,
    PlanReportLink,
    RecommendationLink,
    RecommendationRow,
    RecommendationThemeRow,
)
from pipeline.authorities import authority_index
from pipeline.corrections import CorrectionError, comparable, extracted, put
from pipeline.database import WRITE, lock_for_writing, open_engine
from pipeline.keys import Item, action_keys, identity, make_key, match, normalised
from pipeline.lineage import Version, series, threads
from pipeline.linking import RecText, ReportCandidate, choose_report, match_recommendations, plan_date
from pipeline.search import fts5_query, parse

COVERAGE_COLUMNS = (
    "authority", "report", "framework", "published", "report_source", "plan", "link_method", "ref", "priority",
    "recommendation", "plan_recommendations", "actions", "action_refs", "answered",
)
CORRECTION_COLUMNS = ("key", "field", "value", "status", "extracted", "was", "by", "at", "note", "authority",
                      "source", "action")
HISTORY_COLUMNS = ("key", "authority", "recommendation_ref", "action", "document_date", "version", "source", "rag",
                   "deadline", "progress", "change", "status")
THEME_COUNT_COLUMNS = ("theme", "authority", "year", "actions_own", "actions_all", "red", "amber", "green", "blue",
                       "no_rag")

# PostgreSQL's full-text document of an action: the expression of migration 0004's GIN index
# actions_fts, written the same way so the planner uses the index (tests/test_store.py checks).
PG_SEARCH_DOCUMENT = literal_column(
    "to_tsvector('english', coalesce(actions.action, '') || ' ' || coalesce(actions.recommendation_text, '') "
    "|| ' ' || coalesce(actions.lead, '') || ' ' || coalesce(actions.progress, ''))"
)
ACTIONS_FTS = table("actions_fts", column("rowid"))  # SQLite: migration 0004's FTS5 table


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
    text: str | None = None  # search syntax of pipeline.search
    doc_type: str | None = None
    theme: str | None = None
    limit: int | None = None


@dataclass
class _Earlier:
    """The records a save replaces, kept for their keys to be carried over to the new ones."""

    actions: list[tuple[str, Item]] = field(default_factory=list)
    recommendations: list[tuple[str, Item]] = field(default_factory=list)

    def add(self, session: Session, row: DocumentRow) -> None:
        """The row's records, an action's text as extracted where an analyst corrected it."""
        texts = {c.action_key: c.extracted for c in session.scalars(select(CorrectionRow).where(
            CorrectionRow.action_key.in_([a.key for a in row.actions]), CorrectionRow.field == "action",
            CorrectionRow.withdrawn_at.is_(None)))}
        self.actions += [(a.key, _item(a, texts.get(a.key))) for a in row.actions if a.key]
        self.recommendations += [(r.key, Item(r.ref, None, r.text)) for r in row.recommendations if r.key]


class Store:
    """One database. ``create``: make or upgrade its schema if needed (writers); else it must exist."""

    def __init__(self, url: str | None = None, *, create: bool = False):
        self.engine = open_engine(url, create=create)
        self.dialect = self.engine.dialect.name

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction, holding the write lock from its first statement."""
        with Session(self.engine.execution_options(**WRITE)) as session, session.begin():
            lock_for_writing(session.connection())
            yield session

    def _read(self) -> Session:
        return Session(self.engine)

    # Documents and their sources

    def note_source(self, sha256: str, source: str, extractor_version: str | None = None) -> str | None:
        """Record ``source`` as a path of the stored document with these bytes, if that needs no extraction.

        Returns "unchanged" (the path already named it, or is one more path for the same bytes),
        "replaced" (the path named other content before), or None: no document has these bytes, or
        ``source`` would become its first path in sort order, which decides its records (see :meth:`save`),
        or ``source`` is that first path and the bytes were extracted by another ``extractor_version``.
        """
        with self._read() as session:
            stored = session.execute(
                select(DocumentRow.source_path, DocumentSourceRow.document_id, DocumentRow.extractor_version)
                .outerjoin(DocumentSourceRow, and_(DocumentSourceRow.document_id == DocumentRow.id,
                                                   DocumentSourceRow.path == source))
                .where(DocumentRow.sha256 == sha256)
            ).first()
        if stored is None or source < stored.source_path:
            return None
        if extractor_version and source == stored.source_path and stored.extractor_version != extractor_version:
            return None
        if stored.document_id is not None:
            return "unchanged"
        with self._writing() as session:
            row = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            if row is None or source < row.source_path:  # changed meanwhile by another writer
                return None
            return "replaced" if self._attach(session, row, source) else "unchanged"

    def save(self, doc: Document, source: str, extractor_version: str | None = None) -> str:
        """Store a document found at ``source``; returns "added", "replaced", "reextracted" or "unchanged".

        The same bytes may have other paths, and a file's name can matter to its extraction (a year
        or a publication date in it): a document's records are always those extracted from the first
        of its paths in sort order, so the order files arrive in, or concurrent writers, change nothing.
        Hence, when these bytes are stored already: a ``source`` sorting after their first path is
        only noted ("unchanged"); one sorting before replaces their records with ``doc``'s ("replaced").
        "replaced" also when ``source`` named other content before. "reextracted": the bytes' first path is
        ``source`` and they were extracted by another ``extractor_version`` than this one.

        The records replaced (these bytes' earlier extraction, or the content ``source`` named before) hand
        their keys over to the new records they match, and every correction is applied again.
        """
        with self._writing() as session:
            stored = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == doc.sha256))
            again = (stored is not None and source == stored.source_path and extractor_version is not None
                     and stored.extractor_version != extractor_version)
            if stored is not None and source >= stored.source_path and not again:
                return "replaced" if self._attach(session, stored, source) else "unchanged"
            earlier = _Earlier()
            held = session.get(DocumentSourceRow, source)
            if held is not None and not again and len(held.document.sources) == 1:
                earlier.add(session, held.document)  # the file's earlier content, about to go
            affected = set() if again else self._release(session, source)
            paths = {source}
            if stored is not None:
                earlier.add(session, stored)
                paths |= {s.path for s in stored.sources}
                affected = (affected or set()) | {stored.authority_id}
                session.execute(delete(DocumentRow).where(DocumentRow.id == stored.id))
                session.expunge_all()  # the deleted rows' objects; the paths are stored again below
            row = self._document_row(session, doc, sorted(paths))
            row.extractor_version = extractor_version
            session.add(row)
            session.flush()
            self._key(session, row, earlier)
            self._apply_corrections(session, row.actions)
            self._relink_all(session, {row.authority_id} | (affected or set()))
        return "reextracted" if again else "added" if affected is None else "replaced"

    @staticmethod
    def _key(session: Session, row: DocumentRow, earlier: _Earlier) -> None:
        """Keys for a new document's records: the earlier records' they match, else new ones, unique in the store."""
        ident = identity(row.authority.ons_code if row.authority else None, row.source_path,
                         row.document_date, row.version)
        for records, old, kind in ((row.recommendations, earlier.recommendations, "r"),
                                   (row.actions, earlier.actions, "a")):
            items = [Item(r.ref, None, r.text) if kind == "r" else _item(r) for r in records]
            matched = match([i for _, i in old], items)
            fresh = action_keys(ident, items) if kind == "a" else [
                make_key("r", ident, r.ref or "", normalised(r.text), str(i)) for i, r in enumerate(records)]
            keys = [old[matched[j]][0] if j in matched else fresh[j] for j in range(len(items))]
            model = RecommendationRow if kind == "r" else ActionRow
            used = set(session.scalars(select(model.key).where(model.key.in_(keys), model.document_id != row.id)))
            for record, key in zip(records, keys):
                while key in used:  # another document's (same file name and date elsewhere) or a repeat here
                    key = make_key(kind, key)
                used.add(key)
                record.key = key
        session.flush()

    def _attach(self, session: Session, row: DocumentRow, source: str) -> bool:
        """Make ``source`` one of ``row``'s paths (sorting after its first); True if it named another document before."""
        held = session.get(DocumentSourceRow, source)
        if held is not None and held.document_id == row.id:
            return False
        affected = self._release(session, source)
        session.add(DocumentSourceRow(path=source, document_id=row.id))
        session.flush()
        self._relink_all(session, affected or set())
        return affected is not None

    @staticmethod
    def _release(session: Session, source: str) -> set[int | None] | None:
        """Take ``source`` off the document it names; that document goes when no other path names it.

        (One that keeps other paths keeps its records, even if they were extracted under ``source``:
        the store cannot extract.) Returns the authorities whose links must be recomputed (the removed document's), None when
        ``source`` named no document.
        """
        held = session.get(DocumentSourceRow, source)
        if held is None:
            return None
        doc = held.document
        session.delete(held)
        session.flush()
        rest = session.scalar(select(func.min(DocumentSourceRow.path)).where(DocumentSourceRow.document_id == doc.id))
        if rest is not None:
            doc.source_path = rest
            session.flush()
            return set()
        authority_id = doc.authority_id
        session.execute(delete(DocumentRow).where(DocumentRow.id == doc.id))
        session.expunge_all()  # the deleted rows' objects
        return {authority_id}

    def _document_row(self, session: Session, doc: Document, paths: list[str]) -> DocumentRow:
        """The rows of a document found at ``paths`` (sorted: the first is its source_path)."""
        row = DocumentRow(
            source_path=paths[0], sha256=doc.sha256, extractor=doc.extractor, doc_type=doc.doc_type,
            authority_id=self._authority_id(session, doc.authority_code), authority_raw=doc.authority_raw,
            title=doc.title, document_date=doc.document_date, year=doc.year, version=doc.version,
            inspection_date=doc.inspection_date, warnings=doc.warnings,
            parse_report=_jsonable(asdict(doc.parse_report)) if doc.parse_report else None,
            sources=[DocumentSourceRow(path=p) for p in paths],
        )
        if doc.report:
            r = doc.report
            row.report = InspectionReportRow(
                framework=r.framework, published=r.published, published_estimated=r.published_estimated,
                inspection_start=r.inspection_start, inspection_end=r.inspection_end,
                overall_judgement=r.overall_judgement, judgements=r.judgements,
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
        row.actions = []
        for i, a in enumerate(doc.actions):
            rec = recs[a.recommendation_index] if a.recommendation_index is not None else None
            row.actions.append(ActionRow(
                position=i, recommendation=rec, recommendation_text=rec.text if rec else None,
                ref=a.ref, action=a.action, lead=a.lead, leads=a.leads,
                deadline_text=a.deadline_text, deadline=a.deadline, rag=a.rag, rag_raw=a.rag_raw,
                progress=a.progress, outcome=a.outcome, measure=a.measure, cost=a.cost, extra=a.extra,
                page=a.page, table_index=a.table, row_index=a.row, line=a.line, engine=a.engine,
                themes=[_action_theme(tag) for tag in a.theme_tags],
                lead_parts=[ActionLeadRow(position=j, **part) for j, part in enumerate(a.lead_parts)],
            ))
        return row

    def _authority_id(self, session: Session, ons_code: str | None) -> int | None:
        """The authorities row for a code, inserted from the reference table on first use.

        ON CONFLICT DO NOTHING: a concurrent first use of the same authority is no error.
        """
        if ons_code is None:
            return None
        ref = authority_index().by_code[ons_code]
        insert = postgresql_insert if self.dialect == "postgresql" else sqlite_insert
        session.execute(insert(AuthorityRow).values(
            name=ref.name, ons_code=ref.ons_code, dfe_code=ref.dfe_code, region=ref.region, la_type=ref.la_type,
        ).on_conflict_do_nothing())
        return session.scalar(select(AuthorityRow.id).where(AuthorityRow.ons_code == ons_code))

    def _relink_all(self, session: Session, authority_ids: set[int | None]) -> None:
        for authority_id in sorted(a for a in authority_ids if a is not None):
            self._relink(session, authority_id)
            self._lineage(session, authority_id)

    @staticmethod
    def _lineage(session: Session, authority_id: int) -> None:
        """Recompute an authority's plan series and each action's thread (see pipeline.lineage)."""
        plans = session.scalars(select(DocumentRow).where(
            DocumentRow.authority_id == authority_id, DocumentRow.doc_type != "inspection_report")).all()
        rows = {p.id: p for p in plans}
        versions = [Version(p.id, p.sha256, p.document_date, p.year, p.version, p.title,
                            [r.text for r in p.recommendations], [(a.key, _item(a)) for a in p.actions if a.key])
                    for p in plans]
        for group in series(versions):
            lineage = threads(group)
            for position, version in enumerate(group):
                rows[version.id].series = f"s-{group[0].sha256[:12]}"
                rows[version.id].series_position = position
                for action in rows[version.id].actions:
                    if action.key in lineage:
                        line = lineage[action.key]
                        action.thread, action.change, action.previous = line.thread, line.change, list(line.previous)
        session.flush()

    @staticmethod
    def _apply_corrections(session: Session, actions: Sequence[ActionRow], fields: Collection[str] = ()) -> None:
        """Apply the corrections of these (new or re-tagged) rows, flagging those whose source value changed since."""
        by_key = {a.key: a for a in actions}
        stmt = select(CorrectionRow).where(CorrectionRow.action_key.in_(by_key), CorrectionRow.withdrawn_at.is_(None))
        for c in session.scalars(stmt.where(CorrectionRow.field.in_(fields)) if fields else stmt):
            action = by_key[c.action_key]
            c.extracted = extracted(action, c.field)
            c.review = c.review or comparable(c.field, c.extracted) != comparable(c.field, c.was)
            put(action, c.field, c.value)
        session.flush()

    @staticmethod
    def _relink(session: Session, authority_id: int) -> None:
        """Recompute which report each plan of an authority answers, and the recommendation links.

        Run inside the saving transaction: a new report can change the answer for plans stored
        earlier, and a new plan needs its links at once. Documents are taken in sha256 order so
        that ties fall the same way whatever order they were stored in.
        """
        docs = session.scalars(
            select(DocumentRow).where(DocumentRow.authority_id == authority_id).order_by(DocumentRow.sha256)
        ).all()
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

    def retag(self, tag_records: TagRecords) -> dict[str, int]:
        """Re-apply the theme tagger to every stored record without re-reading sources, in one transaction.

        Returns the number of theme tags before and after.
        """
        with self._writing() as session:
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
                self._apply_corrections(session, doc.actions, ("themes",))
            return {"before": before, "after": self._tag_count(session)}

    @staticmethod
    def _tag_count(session: Session) -> int:
        return sum(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (ActionThemeRow, RecommendationThemeRow)
        )

    def forget(self, sources: Sequence[str]) -> int:
        """Take these paths off their documents (a document goes with its last path); returns documents removed."""
        with self._writing() as session:
            before = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
            affected: set[int | None] = set()
            for source in sources:
                affected |= self._release(session, source) or set()
            self._relink_all(session, affected)
            return before - (session.scalar(select(func.count()).select_from(DocumentRow)) or 0)

    # Corrections

    def correct(self, key: str, field: str, value: Any, by: str, note: str | None = None) -> None:
        """Correct one field of the action with this key (value as :func:`pipeline.corrections.parse_value` gives).

        Correcting a field again replaces the value and marks it reviewed against the latest extraction.
        """
        with self._writing() as session:
            action = self._keyed(session, key)
            row = self._active(session, key, field)
            if row is None:
                now = extracted(action, field)
                row = CorrectionRow(action_key=key, field=field, was=now, extracted=now, by=by, at=_now())
                session.add(row)
            row.value, row.by, row.at, row.note, row.review = value, by, _now(), note, False
            row.was = row.extracted
            put(action, field, value)

    def withdraw(self, key: str, field: str, by: str) -> None:
        """Withdraw a correction (kept, marked withdrawn): the action has its extracted value again."""
        with self._writing() as session:
            row = self._active(session, key, field)
            if row is None:
                raise CorrectionError(f"no correction of {field} for {key!r} to withdraw "
                                      "(`actionplans corrections` lists them)")
            row.withdrawn_at, row.withdrawn_by = _now(), by
            action = session.scalar(select(ActionRow).where(ActionRow.key == key))
            if action is not None:
                put(action, field, row.extracted)

    @staticmethod
    def _keyed(session: Session, key: str) -> ActionRow:
        action = session.scalar(select(ActionRow).where(ActionRow.key == key))
        if action is None:
            raise CorrectionError(f"no stored action has the key {key!r} (`actionplans query` shows keys)")
        return action

    @staticmethod
    def _active(session: Session, key: str, field: str) -> CorrectionRow | None:
        return session.scalar(select(CorrectionRow).where(
            CorrectionRow.action_key == key, CorrectionRow.field == field, CorrectionRow.withdrawn_at.is_(None)))

    def corrections(self, withdrawn: bool = False) -> list[dict[str, Any]]:
        """Every correction (CORRECTION_COLUMNS), oldest first; status applied | review | orphaned | withdrawn.

        "review": the source cell changed since the correction was made; "orphaned": no stored action has the
        key any more (its document was removed or the action is gone from it).
        """
        v = ACTION_ROWS.c
        stmt = (select(CorrectionRow, v.authority, v.source, v.action)
                .outerjoin(ACTION_ROWS, v.key == CorrectionRow.action_key).order_by(CorrectionRow.id))
        if not withdrawn:
            stmt = stmt.where(CorrectionRow.withdrawn_at.is_(None))
        out = []
        with self._read() as session:
            for c, authority, source, action in session.execute(stmt):
                status = ("withdrawn" if c.withdrawn_at else "orphaned" if source is None
                          else "review" if c.review else "applied")
                out.append({"key": c.action_key, "field": c.field, "value": c.value, "status": status,
                            "extracted": comparable(c.field, c.extracted), "was": comparable(c.field, c.was),
                            "by": c.by, "at": c.at.isoformat(timespec="seconds"), "note": c.note,
                            "authority": authority, "source": source, "action": action})
        return out

    # Reading

    def query_actions(self, q: ActionQuery) -> list[dict[str, Any]]:
        """Actions matching the filters: one flat row each (ACTION_COLUMNS), lists as lists."""
        v = ACTION_ROWS.c
        stmt = self._filtered(select(*(v[name] for name in ACTION_COLUMNS)), q).order_by(
            v.authority.asc().nulls_last(), v.year.asc().nulls_last(), v.source, v.action_id
        )
        if q.limit:
            stmt = stmt.limit(q.limit)
        with self._read() as session:
            return [_listed(dict(row)) for row in session.execute(stmt).mappings()]

    def count_actions(self, q: ActionQuery, group_by: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Number of actions matching the filters, per combination of ``group_by`` (models.records.GROUP_COLUMNS).

        Grouped by theme, an action counts once under each of its themes (only the filtered theme
        with --theme) and under None if it has none.
        """
        v = ACTION_ROWS.c
        themes = select(ActionThemeRow.action_id, ActionThemeRow.theme).distinct().subquery("t")
        columns = [themes.c.theme if name == "theme" else v[name] for name in group_by]
        stmt = select(*columns, func.count(distinct(v.action_id)).label("actions")).select_from(ACTION_ROWS)
        if "theme" in group_by:
            on = themes.c.action_id == v.action_id
            stmt = stmt.outerjoin(themes, and_(on, themes.c.theme == q.theme) if q.theme else on)
        stmt = self._filtered(stmt, q).group_by(*columns).order_by(*(c.asc().nulls_last() for c in columns))
        with self._read() as session:
            return [dict(row) for row in session.execute(stmt).mappings()]

    def _filtered(self, stmt: Select[Any], q: ActionQuery) -> Select[Any]:
        v = ACTION_ROWS.c
        if q.authority:
            needle = q.authority.lower()
            stmt = stmt.where(or_(func.lower(v.authority).contains(needle, autoescape=True),
                                  func.lower(v.ons_code) == needle))
        if q.year_from is not None:
            stmt = stmt.where(v.year >= q.year_from)
        if q.year_to is not None:
            stmt = stmt.where(v.year <= q.year_to)
        if q.rag:
            stmt = stmt.where(v.rag == q.rag.lower())
        if q.doc_type:
            stmt = stmt.where(v.doc_type == q.doc_type)
        if q.lead:
            needle = q.lead.lower()
            named = select(ActionLeadRow.action_id).where(or_(
                func.lower(ActionLeadRow.normalised).contains(needle, autoescape=True),
                func.lower(ActionLeadRow.name).contains(needle, autoescape=True),
            ))
            stmt = stmt.where(or_(func.lower(v.lead).contains(needle, autoescape=True), v.action_id.in_(named)))
        if q.theme:
            stmt = stmt.where(v.action_id.in_(select(ActionThemeRow.action_id).where(ActionThemeRow.theme == q.theme)))
        if q.text:
            stmt = stmt.where(v.action_id.in_(self._matching(q.text)))
        return stmt

    def _matching(self, search: str) -> Select[Any]:
        """Ids of the actions a search finds, through the full-text index (raises SearchSyntaxError)."""
        if self.dialect == "postgresql":
            parse(search)  # the same syntax errors on both backends
            return select(ActionRow.id).where(
                PG_SEARCH_DOCUMENT.op("@@")(func.websearch_to_tsquery(literal_column("'english'"), search))
            )
        return select(ACTIONS_FTS.c.rowid).where(literal_column("actions_fts").op("MATCH")(fts5_query(search)))

    def coverage(self, authority: str | None = None, unanswered: bool = False) -> list[dict[str, Any]]:
        """Per recommendation of every report some stored plan answers: the plan actions that answer it.

        ``unanswered``: only the recommendations no plan action answers.
        """
        plan_doc = aliased(DocumentRow)
        plan_rec = aliased(RecommendationRow)
        stmt = (
            select(DocumentRow, InspectionReportRow, AuthorityRow, RecommendationRow, PlanReportLink, plan_doc)
            .join(InspectionReportRow, InspectionReportRow.document_id == DocumentRow.id)
            .join(AuthorityRow, DocumentRow.authority_id == AuthorityRow.id)
            .join(PlanReportLink, PlanReportLink.report_document_id == DocumentRow.id)
            .join(plan_doc, PlanReportLink.plan_document_id == plan_doc.id)
            .join(RecommendationRow, RecommendationRow.document_id == DocumentRow.id)
            .order_by(AuthorityRow.name, InspectionReportRow.published.asc().nulls_last(), DocumentRow.source_path,
                      plan_doc.source_path, RecommendationRow.position)
        )
        if authority:
            needle = authority.lower()
            stmt = stmt.where(or_(func.lower(AuthorityRow.name).contains(needle, autoescape=True),
                                  func.lower(AuthorityRow.ons_code) == needle))
        answering = (
            select(RecommendationLink.report_recommendation_id, plan_rec.document_id, plan_rec.ref, ActionRow.ref,
                   ActionRow.id)
            .join(plan_rec, RecommendationLink.plan_recommendation_id == plan_rec.id)
            .outerjoin(ActionRow, ActionRow.recommendation_id == plan_rec.id)
            .order_by(plan_rec.position, ActionRow.position)
        )
        with self._read() as session:
            rows = session.execute(stmt).all()
            plan_refs: dict[tuple[int, int], set[str]] = {}
            actions: dict[tuple[int, int], list[str | None]] = {}
            for report_rec_id, plan_id, plan_ref, action_ref, action_id in session.execute(answering):
                key = (report_rec_id, plan_id)
                plan_refs.setdefault(key, set()).add(plan_ref or "?")
                if action_id is not None:
                    actions.setdefault(key, []).append(action_ref)
        out = []
        for doc, report, auth, rec, link, plan in rows:
            answers = actions.get((rec.id, plan.id), [])
            if unanswered and answers:
                continue
            out.append({
                "authority": auth.name, "report": report_label(auth.name, report.framework, report.published),
                "framework": report.framework, "published": report.published, "report_source": doc.source_path,
                "plan": plan.source_path, "link_method": link.method, "ref": rec.ref, "priority": rec.priority,
                "recommendation": rec.text, "plan_recommendations": sorted(plan_refs.get((rec.id, plan.id), ())),
                "actions": len(answers), "action_refs": [ref or "?" for ref in answers], "answered": bool(answers),
            })
        return out

    def theme_counts(self) -> list[dict[str, Any]]:
        """Actions per theme, authority and year: from their own text (with its RAG split), and
        including themes inherited from the recommendation."""

        def own(condition: ColumnElement[bool] | None = None) -> Any:
            own_text = ActionThemeRow.origin == "action"
            when = own_text if condition is None else and_(own_text, condition)
            return func.count(distinct(case((when, ActionThemeRow.action_id))))

        stmt = (
            select(ActionThemeRow.theme, AuthorityRow.name, DocumentRow.year, own(),
                   func.count(distinct(ActionThemeRow.action_id)),
                   *(own(ActionRow.rag == colour) for colour in ("red", "amber", "green", "blue")),
                   own(ActionRow.rag.is_(None)))
            .join(ActionRow, ActionThemeRow.action_id == ActionRow.id)
            .join(DocumentRow, ActionRow.document_id == DocumentRow.id)
            .outerjoin(AuthorityRow, DocumentRow.authority_id == AuthorityRow.id)
            .group_by(ActionThemeRow.theme, AuthorityRow.name, DocumentRow.year)
            .order_by(ActionThemeRow.theme, AuthorityRow.name.asc().nulls_last(), DocumentRow.year.asc().nulls_last())
        )
        with self._read() as session:
            return [dict(zip(THEME_COUNT_COLUMNS, row)) for row in session.execute(stmt)]

    def summary(self) -> list[dict[str, Any]]:
        """The authority_year_summary view: plans, actions, RAG counts and overdue actions."""
        v = AUTHORITY_YEAR_SUMMARY.c
        stmt = select(AUTHORITY_YEAR_SUMMARY).order_by(v.authority.asc().nulls_last(), v.year.asc().nulls_last())
        with self._read() as session:
            return [dict(row) for row in session.execute(stmt).mappings()]

    def history(self, authority: str | None = None) -> list[dict[str, Any]]:
        """Each tracked action (a thread across a plan's versions) with its versions in date order.

        Each: key (the thread's), authority, recommendation_ref and action (the latest version's), closed (absent
        from the series' last version), versions [{document_date, version, source, rag, deadline, progress, change}].

        Actions in the order they first appear; versions in the order pipeline.lineage puts them (year,
        printed version, date); a version's ``version`` is the one the document prints, else its place in the
        series ("1", "2", ...).
        """
        v = ACTION_HISTORY.c
        stmt = select(ACTION_HISTORY).order_by(v.authority, v.series, v.series_position, v.position)
        if authority:
            needle = authority.lower()
            stmt = stmt.where(or_(func.lower(v.authority).contains(needle, autoescape=True),
                                  func.lower(v.ons_code) == needle))
        with self._read() as session:
            rows = list(session.execute(stmt).mappings())
        last = {row["series"]: row["document_id"] for row in rows}  # each series' latest version
        tracked: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = tracked.setdefault(row["key"], {"key": row["key"], "authority": row["authority"], "versions": []})
            entry.update(recommendation_ref=row["recommendation_ref"], action=row["action"],
                         closed=row["document_id"] != last[row["series"]])  # the latest version's; absent from the last
            entry["versions"].append({
                "document_date": row["document_date"],
                "version": row["version"] or str(row["series_position"] + 1),
                "source": row["source"], "rag": row["rag"], "deadline": row["deadline"], "progress": row["progress"],
                "change": row["change"]})
        return list(tracked.values())

    def authorities(self) -> list[str]:
        """Names of the authorities with a stored document."""
        with self._read() as session:
            return list(session.scalars(select(AuthorityRow.name).order_by(AuthorityRow.name)))

    def counts(self) -> dict[str, int]:
        with self._read() as session:
            return {
                table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
                for table in (DocumentRow, RecommendationRow, ActionRow, AuthorityRow)
            }

    def document_sources(self) -> Sequence[str]:
        """Every path a stored document was found at."""
        with self._read() as session:
            return session.scalars(select(DocumentSourceRow.path).order_by(DocumentSourceRow.path)).all()


def report_label(authority: str, framework: str | None, published: Any) -> str:
    """How a report is named to people: "Southampton SIF 2014-09-15"."""
    return f"{authority} {framework.upper() if framework else 'report'} {published.isoformat() if published else '(undated)'}"


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """A parse report as the JSON column holds it: any value JSON has no type for (a date) as text."""
    return json.loads(json.dumps(data, default=str))


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    """An action_rows row with its themes as a list."""
    row["themes"] = row["themes"].split("; ") if row["themes"] else []
    return row


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _item(action: ActionRow, text: str | None = None) -> Item:
    """An action row as key matching sees it (``text``: its text as extracted, where it was corrected)."""
    rec = action.recommendation
    return Item(rec.ref if rec else None, rec.text if rec else None, text or action.action)


def _rec_theme(tag: dict[str, Any]) -> RecommendationThemeRow:
    return RecommendationThemeRow(theme=tag["theme"], score=tag["score"], evidence=tag["evidence"])


def _action_theme(tag: dict[str, Any]) -> ActionThemeRow:
    return ActionThemeRow(theme=tag["theme"], origin=tag["origin"], score=tag["score"], evidence=tag["evidence"])
