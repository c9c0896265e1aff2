// jsforce (the real npm client) against `crmarena serve org` on a pulled org:
// a snapshot taken with `crmarena org pull` from one server answers every
// call as the org it was taken from does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsforce from 'jsforce';

const env = process.env;

async function connect(loginUrl) {
  const conn = new jsforce.Connection({ loginUrl, version: '58.0' });
  await conn.login(env.CRM_ORG_USER, env.CRM_ORG_PASS + env.CRM_ORG_TOKEN);
  return conn;
}
const source = () => connect(env.CRM_ORG_URL);
const pulled = () => connect(env.CRM_PULLED_URL);

// What a describe promises a client, without volatile URLs.
function fieldShape(f) {
  return [f.name, f.type, f.length, f.nillable, (f.referenceTo || []).join(','), f.relationshipName,
    (f.picklistValues || []).map((p) => p.value).join(';')].join('|');
}

test('describeGlobal lists the same objects, with the same key prefixes', async () => {
  const [a, b] = await Promise.all([source(), pulled()]);
  const [ga, gb] = await Promise.all([a.describeGlobal(), b.describeGlobal()]);
  const shape = (g) => g.sobjects.map((o) => `${o.name}:${o.keyPrefix}:${o.queryable}`).sort();
  assert.equal(gb.sobjects.length, 16);
  assert.deepEqual(shape(gb), shape(ga));
});

test('describe of every object: the same fields, types, lookups and child relationships', async () => {
  const [a, b] = await Promise.all([source(), pulled()]);
  const names = (await a.describeGlobal()).sobjects.map((o) => o.name);
  for (const name of names) {
    const [da, db] = await Promise.all([a.describe(name), b.describe(name)]);
    assert.deepEqual(db.fields.map(fieldShape), da.fields.map(fieldShape), name);
    const children = (d) => (d.childRelationships || []).map((c) => `${c.childSObject}.${c.field}:${c.relationshipName}`).sort();
    assert.deepEqual(children(db), children(da), name);
  }
});

test('SOQL, paging, aggregates, relationship paths and SOSL give equal answers', async () => {
  const [a, b] = await Promise.all([source(), pulled()]);
  for (const soql of [
    'SELECT Id, Subject, Status, Priority, CreatedDate, ClosedDate FROM Case ORDER BY Id',
    'SELECT Id, Quantity, UnitPrice, Order.EffectiveDate, Product2.Name FROM OrderItem ORDER BY Id LIMIT 4500',
    'SELECT Status, COUNT(Id) n, MAX(CreatedDate) latest FROM Case GROUP BY Status ORDER BY Status',
    'SELECT Id, Name, (SELECT Id, Subject FROM Cases ORDER BY Id) FROM Account ORDER BY Name LIMIT 20',
    'SELECT COUNT() FROM Case WHERE Account.ShippingState != null',
  ]) {
    const [ra, rb] = await Promise.all([a.query(soql, { autoFetch: true, maxFetch: 100000 }),
      b.query(soql, { autoFetch: true, maxFetch: 100000 })]);
    assert.equal(rb.totalSize, ra.totalSize, soql);
    assert.deepEqual(rb.records, ra.records, soql);
  }
  const sosl = 'FIND {warranty} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title ORDER BY Id)';
  const [sa, sb] = await Promise.all([a.search(sosl), b.search(sosl)]);
  assert.ok(sa.searchRecords.length > 0);
  assert.deepEqual(sb.searchRecords, sa.searchRecords);
});

test('the pulled org refuses what the source refuses, with the same codes', async () => {
  const b = await pulled();
  await assert.rejects(b.query('SELECT Nope FROM Case'), (e) => e.errorCode === 'INVALID_FIELD');
  await assert.rejects(b.query('SELECT Id FROM _org_schema'), (e) => e.errorCode === 'INVALID_TYPE');
  await assert.rejects(b.query('SELECT Id FROM _pull_progress'), (e) => e.errorCode === 'INVALID_TYPE');
});
