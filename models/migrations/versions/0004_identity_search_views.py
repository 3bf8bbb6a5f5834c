"""document identity and sources, parse reports, full-text search, researchers' views

A document is its content: sha256 becomes unique (duplicates, if any, merge into the oldest), and
every path its bytes were found at is a row of document_sources. Actions carry their
recommendation's text so one full-text index covers action, recommendation, lead and progress:
SQLite FTS5 table actions_fts kept by triggers (sqlite-utils' and Datasette's naming, so
``?_search=`` works), PostgreSQL GIN index actions_fts on the same text. Views action_rows (one
flat row per action) and authority_year_summary.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE actions_fts USING fts5(action, recommendation_text, lead, progress,
        content="actions", tokenize="porter unicode61")""",
    """CREATE TRIGGER actions_ai AFTER INSERT ON actions BEGIN
        INSERT INTO actions_fts (rowid, action, recommendation_text, lead, progress)
        VALUES (new.id, new.action, new.recommendation_text, new.lead, new.progress);
    END""",
    """CREATE TRIGGER actions_ad AFTER DELETE ON actions BEGIN
        INSERT INTO actions_fts (actions_fts, rowid, action, recommendation_text, lead, progress)
        VALUES ('delete', old.id, old.action, old.recommendation_text, old.lead, old.progress);
    END""",
    """CREATE TRIGGER actions_au AFTER UPDATE ON actions BEGIN
        INSERT INTO actions_fts (actions_fts, rowid, action, recommendation_text, lead, progress)
        VALUES ('delete', old.id, old.action, old.recommendation_text, old.lead, old.progress);
        INSERT INTO actions_fts (rowid, action, recommendation_text, lead, progress)
        VALUES (new.id, new.action, new.recommendation_text, new.lead, new.progress);
    END""",
    "INSERT INTO actions_fts (actions_fts) VALUES ('rebuild')",
]

POSTGRESQL_FTS = [
    """CREATE INDEX actions_fts ON actions USING gin (to_tsvector('english',
        coalesce(action, '') || ' ' || coalesce(recommendation_text, '') || ' ' || coalesce(lead, '') || ' '
        || coalesce(progress, '')))""",
]

THEME_LIST = {  # an action's distinct theme ids, sorted, joined by "; " (ids hold no commas)
    "sqlite": "replace(group_concat(DISTINCT t.theme), ',', '; ')",
    "postgresql": "string_agg(DISTINCT t.theme, '; ' ORDER BY t.theme)",
}

ACTION_ROWS = """CREATE VIEW action_rows AS
SELECT a.id AS action_id, d.id AS document_id,
       au.name AS authority, au.ons_code AS ons_code, au.region AS region,
       d.year AS year, d.doc_type AS doc_type, d.document_date AS document_date,
       d.source_path AS source, d.sha256 AS sha256,
       r.ref AS recommendation_ref, r.text AS recommendation, r.priority AS priority,
       a.ref AS action_ref, a.action AS action, a.lead AS lead, a.leads AS leads,
       a.deadline_text AS deadline_text, a.deadline AS deadline, a.rag AS rag, a.rag_raw AS rag_raw,
       a.progress AS progress,
       (SELECT {themes} FROM action_themes t WHERE t.action_id = a.id) AS themes,
       a.page AS page, a.line AS line, a.table_index AS table_index, a.row_index AS row_index
FROM actions a
JOIN documents d ON d.id = a.document_id
LEFT JOIN authorities au ON au.id = d.authority_id
LEFT JOIN recommendations r ON r.id = a.recommendation_id"""

# Overdue: the deadline had passed by the document's own date and the action was neither green nor
# blue (done) then.
AUTHORITY_YEAR_SUMMARY = """CREATE VIEW authority_year_summary AS
SELECT au.name AS authority, au.ons_code AS ons_code, au.region AS region, d.year AS year,
       count(DISTINCT d.id) AS plans, count(a.id) AS actions,
       sum(CASE WHEN a.rag = 'red' THEN 1 ELSE 0 END) AS red,
       sum(CASE WHEN a.rag = 'amber' THEN 1 ELSE 0 END) AS amber,
       sum(CASE WHEN a.rag = 'green' THEN 1 ELSE 0 END) AS green,
       sum(CASE WHEN a.rag = 'blue' THEN 1 ELSE 0 END) AS blue,
       sum(CASE WHEN a.id IS NOT NULL AND a.rag IS NULL THEN 1 ELSE 0 END) AS no_rag,
       sum(CASE WHEN a.deadline IS NOT NULL THEN 1 ELSE 0 END) AS with_deadline,
       sum(CASE WHEN a.deadline < d.document_date AND (a.rag IS NULL OR a.rag IN ('red', 'amber'))
                THEN 1 ELSE 0 END) AS overdue
FROM documents d
LEFT JOIN authorities au ON au.id = d.authority_id
LEFT JOIN actions a ON a.document_id = d.id
WHERE d.doc_type <> 'inspection_report'
GROUP BY au.name, au.ons_code, au.region, d.year"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table('document_sources',
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('path')
    )
    op.create_index(op.f('ix_document_sources_document_id'), 'document_sources', ['document_id'], unique=False)
    op.execute("INSERT INTO document_sources (path, document_id) SELECT source_path, id FROM documents")
    # Same bytes stored twice (possible before): the oldest document keeps them and all their paths.
    op.execute("""UPDATE document_sources SET document_id = (
        SELECT min(d2.id) FROM documents d1 JOIN documents d2 ON d2.sha256 = d1.sha256
        WHERE d1.id = document_sources.document_id)""")
    op.execute("DELETE FROM documents WHERE id NOT IN (SELECT min(id) FROM documents GROUP BY sha256)")
    op.drop_index('ix_documents_sha256', table_name='documents')
    op.create_index(op.f('ix_documents_sha256'), 'documents', ['sha256'], unique=True)
    op.add_column('documents', sa.Column('parse_report', sa.JSON(), nullable=True))

    op.add_column('actions', sa.Column('recommendation_text', sa.Text(), nullable=True))
    op.execute("""UPDATE actions SET recommendation_text = (
        SELECT text FROM recommendations r WHERE r.id = actions.recommendation_id)""")
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRESQL_FTS:
        op.execute(statement)
    op.execute(ACTION_ROWS.format(themes=THEME_LIST[dialect]))
    op.execute(AUTHORITY_YEAR_SUMMARY)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW authority_year_summary")
    op.execute("DROP VIEW action_rows")
    if dialect == "sqlite":
        for trigger in ("actions_ai", "actions_ad", "actions_au"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE actions_fts")
    else:
        op.execute("DROP INDEX actions_fts")
    op.drop_column('actions', 'recommendation_text')
    op.drop_column('documents', 'parse_report')
    op.drop_index(op.f('ix_documents_sha256'), table_name='documents')
    op.create_index('ix_documents_sha256', 'documents', ['sha256'], unique=False)
    op.drop_index(op.f('ix_document_sources_document_id'), table_name='document_sources')
    op.drop_table('document_sources')
