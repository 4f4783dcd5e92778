import { Client } from 'pg';
import { TEST_POSTGRES_URL } from '../../testing/databases';
import { binaryByteaArray, binaryTextArray, binaryUuidArray } from './postgres-binary-arrays';

describe('PostgreSQL binary array parameters, read by a real PostgreSQL', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
  });

  afterAll(() => client.end());

  it('arrive as the same texts, ids and bytes, in order', async () => {
    const texts = ['{"name":"Ада Łucja Ó"}', '', 'quote " backslash \\ brace } comma , NULL', 'a\u001eb', '🧒'];
    const ids = ['00112233-4455-6677-8899-aabbccddeeff', 'FFEEDDCC-BBAA-9988-7766-554433221100'];
    const bytes = [Buffer.from([0, 1, 2, 255]), Buffer.alloc(0)];
    const { rows } = await client.query({
      text: 'SELECT $1::text[] AS texts, $2::uuid[]::text[] AS ids, $3::bytea[] AS bytes, cardinality($1::text[]) AS n',
      values: [binaryTextArray(texts), binaryUuidArray(ids), binaryByteaArray(bytes)],
    });
    expect(rows[0].n).toBe(texts.length);
    expect(rows[0].texts).toEqual(texts);
    expect(rows[0].ids).toEqual(ids.map((id) => id.toLowerCase()));
    expect(rows[0].bytes).toEqual(bytes);
  });

  it('are checked as text parameters are: a NUL character is refused, and the connection goes on', async () => {
    await expect(client.query({ text: 'SELECT $1::text[] AS texts', values: [binaryTextArray(['a\u0000b'])] })).rejects.toThrow(/invalid byte sequence/);
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});
