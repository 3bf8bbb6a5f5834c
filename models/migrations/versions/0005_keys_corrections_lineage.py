"""stable keys, corrections, plan series and action lineage

Recommendations and actions get a ``key`` that survives re-extraction; documents the extractor version that
read them and the ``series`` (one plan's versions) they belong to and
their place in it; actions the ``thread`` (key of the action
they continue in earlier versions) and their ``change`` from the previous version. Table ``corrections``
holds analysts' corrections apart from extracted values. View ``action_rows`` gains ``key`` and
``corrected``; new view ``action_history`` has one row per version of each tracked action.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

THEME_LIST = {  # as migration 0004's
    "sqlite": "replace(group_concat(DISTINCT t.theme), ',', '; ')",
    "postgresql": "string_agg(DISTINCT t.theme, '; ' ORDER BY t.theme)",
}
CORRECTED_LIST = {  # an action's corrected fields, "(review)" after one whose source cell changed since
    "sqlite": "replace(group_concat(c.field || CASE WHEN c.review THEN ' (review)' ELSE '' END), ',', '; ')",
    "postgresql": "string_agg(c.field || CASE WHEN c.review THEN ' (review)' ELSE '' END, '; ' ORDER BY c.field)",
}

ACTION_ROWS = """CREATE VIEW action_rows AS
SELECT a.id AS action_id, d.id AS document_id, a.key AS key,
       au.name AS authority, au.ons_code AS ons_code, au.region AS region,
       d.year AS year, d.doc_type AS doc_type, d.document_date AS document_date,
       d.source_path AS source, d.sha256 AS sha256,
       r.ref AS recommendation_ref, coalesce(a.recommendation_text, r.text) AS recommendation,
       r.priority AS priority,
       a.ref AS action_ref, a.action AS action, a.lead AS lead, a.leads AS leads,
       a.deadline_text AS deadline_text, a.deadline AS deadline, a.rag AS rag, a.rag_raw AS rag_raw,
       a.progress AS progress,
       (SELECT {themes} FROM action_themes t WHERE t.action_id = a.id) AS themes,
       (SELECT {corrected} FROM corrections c WHERE c.action_key = a.key AND c.withdrawn_at IS NULL) AS corrected,
       a.page AS page, a.line AS line, a.table_index AS table_index, a.row_index AS row_index
FROM actions a
JOIN documents d ON d.id = a.document_id
LEFT JOIN authorities au ON au.id = d.authority_id
LEFT JOIN recommendations r ON r.id = a.recommendation_id"""

ACTION_HISTORY = """CREATE VIEW action_history AS
SELECT a.thread AS key, au.name AS authority, au.ons_code AS ons_code, d.series AS series, d.series_position AS series_position,
       d.id AS document_id,
       d.document_date AS document_date, d.year AS year, d.version AS version, d.source_path AS source,
       a.key AS action_key, a.position AS position, r.ref AS recommendation_ref, a.action AS action,
       a.rag AS rag, a.deadline AS deadline, a.progress AS progress, a.change AS change
FROM actions a
JOIN documents d ON d.id = a.document_id
LEFT JOIN authorities au ON au.id = d.authority_id
LEFT JOIN recommendations r ON r.id = a.recommendation_id
WHERE a.thread IS NOT NULL"""

OLD_ACTION_ROWS = ACTION_ROWS.replace(" a.key AS key,", "").replace(
    "coalesce(a.recommendation_text, r.text)", "r.text").replace(
    "\n       (SELECT {corrected} FROM corrections c WHERE c.action_key = a.key AND c.withdrawn_at IS NULL) AS corrected,",
    "")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW action_rows")
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extractor_version', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('series', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('series_position', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_series'), ['series'], unique=False)
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f('ix_recommendations_key'), ['key'], unique=False)
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('thread', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('change', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('previous', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_actions_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_actions_thread'), ['thread'], unique=False)
    op.create_table('corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_key', sa.String(length=40), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('was', sa.JSON(), nullable=True),
    sa.Column('extracted', sa.JSON(), nullable=True),
    sa.Column('review', sa.Boolean(), nullable=False),
    sa.Column('by', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by', sa.String(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corrections_action_key'), ['action_key'], unique=False)
    op.execute(ACTION_ROWS.format(themes=THEME_LIST[dialect], corrected=CORRECTED_LIST[dialect]))
    op.execute(ACTION_HISTORY)
    # Actions stored before keys: a key each from their id (``actionplans ingest --reextract`` gives real ones).
    op.execute("UPDATE actions SET key = 'old-' || CAST(id AS VARCHAR(20))" if dialect == "postgresql"
               else "UPDATE actions SET key = 'old-' || id")


def downgrade() -> None:
    """Columns dropped in place (SQLite 3.35+ drops an unindexed column; a batch copy would drop triggers)."""
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW action_history")
    op.execute("DROP VIEW action_rows")
    op.drop_table('corrections')
    for table, index in (('actions', 'ix_actions_thread'), ('actions', 'ix_actions_key'),
                         ('recommendations', 'ix_recommendations_key'), ('documents', 'ix_documents_series')):
        op.drop_index(index, table_name=table)
    for table, names in (('actions', ('previous', 'change', 'thread', 'key')), ('recommendations', ('key',)),
                         ('documents', ('series_position', 'series', 'extractor_version'))):
        for name in names:
            op.execute(f'ALTER TABLE {table} DROP COLUMN "{name}"')
    op.execute(OLD_ACTION_ROWS.format(themes=THEME_LIST[dialect]))
