// jsforce (the real npm client) against `crmarena serve org`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import jsforce from 'jsforce';

const env = process.env;
const loginUrl = env.CRM_ORG_URL;

function cliQuery(soql) {
  const out = execFileSync(env.CRM_BIN, ['org', 'query', '--org', env.CRM_ORG_DB, '--all', soql], {
    maxBuffer: 1 << 28,
  });
  // --all prints one JSON document per batch, one per line: merge their records.
  const pages = out.toString().trim().split('\n').map((l) => JSON.parse(l));
  const merged = pages[0];
  if (merged.records) merged.records = pages.flatMap((p) => p.records);
  return merged;
}

async function connect() {
  const conn = new jsforce.Connection({ loginUrl, version: '58.0' });
  await conn.login(env.CRM_ORG_USER, env.CRM_ORG_PASS + env.CRM_ORG_TOKEN);
  return conn;
}

test('login with password + security token; a wrong token is refused', async () => {
  const conn = await connect();
  assert.match(conn.accessToken, /^00D/);
  assert.equal(conn.instanceUrl, loginUrl);
  const bad = new jsforce.Connection({ loginUrl, version: '58.0' });
  await assert.rejects(bad.login(env.CRM_ORG_USER, env.CRM_ORG_PASS + 'WRONG'), /INVALID_LOGIN/);
});

test('SOQL results equal crmarena org query', async () => {
  const conn = await connect();
  const soql = 'SELECT Id, Name, ShippingState FROM Account ORDER BY Id LIMIT 50';
  const result = await conn.query(soql);
  assert.equal(result.done, true);
  assert.deepEqual(result.records, cliQuery(soql).records);
});

test('a query over 2,000 rows pages with queryMore', async () => {
  const conn = await connect();
  const soql = 'SELECT Id, Quantity, Order.EffectiveDate FROM OrderItem ORDER BY Id LIMIT 4500';
  const first = await conn.query(soql);
  assert.equal(first.done, false);
  assert.equal(first.records.length, 2000);
  assert.equal(first.totalSize, 4500);
  assert.match(first.nextRecordsUrl, /\/services\/data\/v58\.0\/query\/01g[0-9A-Za-z]+-2000$/);
  const all = await conn.query(soql, { autoFetch: true, maxFetch: 10000 });
  assert.equal(all.records.length, 4500);
  assert.deepEqual(all.records, cliQuery(soql).records);
  const more = await conn.queryMore(first.nextRecordsUrl);
  assert.deepEqual(more.records, all.records.slice(2000, 4000));
});

test('aggregates, parent paths and child subqueries keep their API shape', async () => {
  const conn = await connect();
  const agg = await conn.query('SELECT Status, COUNT(Id) n FROM Case GROUP BY Status ORDER BY Status');
  assert.ok(agg.records.length >= 1);
  assert.equal(agg.records[0].attributes.type, 'AggregateResult');
  const nested = await conn.query(
    'SELECT Id, Account.Name, (SELECT Field__c FROM CaseHistories__r) FROM Case ORDER BY Id LIMIT 3');
  assert.equal(nested.records[0].Account.attributes.type, 'Account');
  assert.ok(nested.records[0].CaseHistories__r.records.length >= 2);
});

test('SOSL search equals crmarena org query', async () => {
  const conn = await connect();
  const sosl = 'FIND {warranty} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title)';
  const result = await conn.search(sosl);
  assert.ok(result.searchRecords.length > 0);
  assert.deepEqual(result.searchRecords, cliQuery(sosl).searchRecords);
});

test('errors come back with Salesforce codes', async () => {
  const conn = await connect();
  await assert.rejects(conn.query('SELECT Nope FROM Case'), (e) => e.errorCode === 'INVALID_FIELD');
  await assert.rejects(conn.query('SELECT Id FROM'), (e) => e.errorCode === 'MALFORMED_QUERY');
  await assert.rejects(conn.query('SELECT Id FROM Cases'), (e) => e.errorCode === 'INVALID_TYPE');
});

test('describe and limits', async () => {
  const conn = await connect();
  const global = await conn.describeGlobal();
  assert.equal(global.sobjects.length, 16);
  const kase = await conn.describe('Case');
  assert.ok(kase.fields.some((f) => f.name === 'OrderItemId__c' && f.relationshipName === 'OrderItemId__r'));
  const limits = await conn.limits();
  assert.ok(limits.DailyApiRequests.Max > 0);
});

test('data calls need a session', async () => {
  const res = await fetch(`${loginUrl}/services/data/v58.0/query?q=SELECT+Id+FROM+Case`);
  assert.equal(res.status, 401);
  const body = await res.json();
  assert.equal(body[0].errorCode, 'INVALID_SESSION_ID');
});
