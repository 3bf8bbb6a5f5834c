"""themes and leads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recommendation_themes',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'theme')
    )
    with op.batch_alter_table('recommendation_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_themes_theme'), ['theme'], unique=False)

    op.create_table('action_leads',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('normalised', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'position')
    )
    with op.batch_alter_table('action_leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_leads_normalised'), ['normalised'], unique=False)

    op.create_table('action_themes',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'theme', 'origin')
    )
    with op.batch_alter_table('action_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_themes_theme'), ['theme'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('action_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_themes_theme'))

    op.drop_table('action_themes')
    with op.batch_alter_table('action_leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_leads_normalised'))

    op.drop_table('action_leads')
    with op.batch_alter_table('recommendation_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_themes_theme'))

    op.drop_table('recommendation_themes')
