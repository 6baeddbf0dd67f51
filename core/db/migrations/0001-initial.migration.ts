/** The initial schema, portable across SQLite and PostgreSQL (see schema.ts for the conventions). */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

type Db = Kysely<unknown>;

/** Auto-increment key: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT vs a PostgreSQL identity column. */
const serialPk = (dialect: 'sqlite' | 'postgres') => (c: ColumnDefinitionBuilder) =>
  dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity();

export function initialMigration(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('departments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text')
        .addColumn('district', 'text')
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text')
        .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('docks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('drone_model', 'text')
        .execute();
      await db.schema
        .createTable('enterprises')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text')
        .addColumn('grid_officer', 'text')
        .addColumn('district', 'text')
        .addColumn('address', 'text')
        .execute();
      await db.schema
        .createTable('zones')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('geometry', 'text', (c) => c.notNull())
        .addColumn('source_geometry', 'text')
        .addColumn('properties', 'text', (c) => c.notNull())
        .addColumn('enterprise_id', 'text')
        .addColumn('department_id', 'text')
        .addColumn('patrol_interval_days', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('zones_kind').on('zones').column('kind').execute();
      await db.schema
        .createTable('rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('class', 'text', (c) => c.notNull())
        .addColumn('zone_kind', 'text', (c) => c.notNull())
        .addColumn('violation', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('rectification_days', 'integer', (c) => c.notNull())
        .addColumn('alert_immediately', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('rules_class_zone_kind', ['class', 'zone_kind'])
        .execute();
      await db.schema
        .createTable('missions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('dock_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('wayline', 'text')
        .addColumn('flight_checks', 'text')
        .execute();
      await db.schema
        .createTable('images')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mission_id', 'text', (c) => c.notNull().references('missions.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('meta', 'text')
        .addColumn('footprint', 'text')
        .addColumn('captured_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('processed_at', 'text')
        .addUniqueConstraint('images_mission_sha256', ['mission_id', 'sha256'])
        .execute();
      await db.schema
        .createTable('flight_logs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mission_id', 'text', (c) => c.notNull().references('missions.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('track', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('flight_logs_mission_sha256', ['mission_id', 'sha256'])
        .execute();
      await db.schema
        .createTable('models')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('manifest', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('detections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('image_id', 'text', (c) => c.notNull().references('images.id'))
        .addColumn('model_id', 'text', (c) => c.notNull())
        .addColumn('model_sha256', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('class', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('bbox', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('uncertainty_m', 'double precision')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('detections_image_model_idx', ['image_id', 'model_id', 'idx'])
        .execute();
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('class', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('violation', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('district', 'text')
        .addColumn('enterprise_id', 'text')
        .addColumn('department_id', 'text')
        .addColumn('assignee', 'text')
        .addColumn('due_at', 'text')
        .addColumn('rectification_days', 'integer', (c) => c.notNull())
        .addColumn('sightings', 'integer', (c) => c.notNull())
        .addColumn('reopen_count', 'integer', (c) => c.notNull())
        .addColumn('model_id', 'text')
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('dismissed_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('alerted_at', 'text')
        .addColumn('lifecycle', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_status').on('cases').columns(['status', 'class']).execute();
      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('detection_id', 'text', (c) => c.notNull().unique())
        .addColumn('image_id', 'text', (c) => c.notNull())
        .addColumn('mission_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('class', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('violation', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('zones', 'text', (c) => c.notNull())
        .addColumn('district', 'text')
        .addColumn('enterprise_id', 'text')
        .addColumn('department_id', 'text')
        .addColumn('model_id', 'text', (c) => c.notNull())
        .addColumn('captured_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('findings_lon_lat').on('findings').columns(['lon', 'lat']).execute();
      await db.schema.createIndex('findings_case').on('findings').column('case_id').execute();
      await db.schema.createIndex('findings_image').on('findings').column('image_id').execute();
      await db.schema
        .createTable('audit')
        // Assigned by the audit chain (max + 1 in the writing transaction), so the chain has no gaps.
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('audit_case').on('audit').column('case_id').execute();
      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('audit_seq', 'integer')
        .addColumn('uploaded_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'integer', serialPk(dialect))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('department_id', 'text')
        .addColumn('min_severity', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('secret', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
