import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { databaseUrl, TEST_DB_PREFIX } from './postgres.js';

/** Migrates a template database once; every test file gets `CREATE DATABASE … TEMPLATE` of it. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const template = `${TEST_DB_PREFIX}tpl_${process.pid}`;
  await admin.unsafe(`drop database if exists "${template}"`);
  await admin.unsafe(`create database "${template}"`);
  const database = await openDatabase({ url: databaseUrl(url, template), maxConnections: 2 });
  await migrate(database);
  await database.close();
  project.provide('postgresTemplate', template);
  return async () => {
    // Drop the template and any copy a crashed test file left behind.
    const rows = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`${TEST_DB_PREFIX}%_${process.pid}%`}`;
    for (const r of rows) await admin.unsafe(`drop database if exists "${r.datname}" with (force)`);
    await admin.end();
  };
}
