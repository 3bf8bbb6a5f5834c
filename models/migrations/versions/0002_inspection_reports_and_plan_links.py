"""inspection reports and plan links

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inspection_reports',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('framework', sa.String(length=10), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('published_estimated', sa.Boolean(), nullable=False),
    sa.Column('inspection_start', sa.Date(), nullable=True),
    sa.Column('inspection_end', sa.Date(), nullable=True),
    sa.Column('overall_judgement', sa.String(length=60), nullable=True),
    sa.Column('judgements', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id')
    )
    with op.batch_alter_table('inspection_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_reports_framework'), ['framework'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_reports_overall_judgement'), ['overall_judgement'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_reports_published'), ['published'], unique=False)

    op.create_table('plan_report_links',
    sa.Column('plan_document_id', sa.Integer(), nullable=False),
    sa.Column('report_document_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['plan_document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_document_id')
    )
    with op.batch_alter_table('plan_report_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_report_links_report_document_id'), ['report_document_id'], unique=False)

    op.create_table('recommendation_links',
    sa.Column('plan_recommendation_id', sa.Integer(), nullable=False),
    sa.Column('report_recommendation_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['plan_recommendation_id'], ['recommendations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_recommendation_id'], ['recommendations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_recommendation_id', 'report_recommendation_id')
    )
    with op.batch_alter_table('recommendation_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_links_report_recommendation_id'), ['report_recommendation_id'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inspection_date', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('inspection_date')

    with op.batch_alter_table('recommendation_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_links_report_recommendation_id'))

    op.drop_table('recommendation_links')
    with op.batch_alter_table('plan_report_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_report_links_report_document_id'))

    op.drop_table('plan_report_links')
    with op.batch_alter_table('inspection_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_reports_published'))
        batch_op.drop_index(batch_op.f('ix_inspection_reports_overall_judgement'))
        batch_op.drop_index(batch_op.f('ix_inspection_reports_framework'))

    op.drop_table('inspection_reports')
