import { types, type PGlite } from '@electric-sql/pglite';

/**
 * Named prepared statements on PGlite. `PGlite.query()` sends each query as six protocol calls (Parse, Describe,
 * Bind, Describe, Execute, Sync) and plans it afresh every time; planning alone costs more than executing our
 * primary-key lookups (it asks the file system for the size of every index). Here a query text is parsed and
 * described once, and each later run is one call — Bind, Execute, Sync — on the plan PostgreSQL caches for the named
 * statement, exactly as postgres.js does on a server (`prepare: true`). Prepared statements belong to the session
 * and survive rollbacks; PostgreSQL re-plans them itself when a migration changes a table they read.
 */
export class PgliteStatements {
  /** Beyond this many distinct texts, new ones run unnamed (our texts are fixed strings; this bounds a surprise). */
  static readonly maxStatements = 1000;
  readonly #pg: PGlite;
  readonly #byText = new Map<string, Statement>();

  constructor(pg: PGlite) {
    this.#pg = pg;
  }

  /** Whether `text` can run prepared (it is, or there is still room to prepare it). */
  accepts(text: string): boolean {
    return this.#byText.has(text) || this.#byText.size < PgliteStatements.maxStatements;
  }

  /**
   * Runs `text` with `params` as a prepared statement. The caller holds PGlite's query mutex, and its transaction
   * mutex unless the query runs inside `pg.transaction()`.
   */
  async run<T>(text: string, params: readonly unknown[]): Promise<T[]> {
    const statement = this.#byText.get(text) ?? (await this.#prepare(text));
    const values = params.map((param, i) => this.#serialize(param, statement.paramTypes[i]!));
    const { messages } = await this.#pg.execProtocol(executeMessages(statement.name, values), {
      syncToFs: false,
    });
    const rows: T[] = [];
    const { fields } = statement;
    for (const message of messages) {
      if (message.name !== 'dataRow') continue;
      const cells = (message as unknown as { fields: (string | null)[] }).fields;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const cell = cells[i]!;
        row[fields[i]!.name] = cell === null ? null : fields[i]!.parse(cell);
      }
      rows.push(row as T);
    }
    return rows;
  }

  async #prepare(text: string): Promise<Statement> {
    const name = `solifyn_${this.#byText.size + 1}`;
    const { messages } = await this.#pg.execProtocol(prepareMessages(name, text), {
      syncToFs: false,
    });
    let paramTypes: number[] = [];
    let fields: Field[] = [];
    for (const message of messages) {
      if (message.name === 'parameterDescription') {
        paramTypes = (message as unknown as { dataTypeIDs: number[] }).dataTypeIDs;
      } else if (message.name === 'rowDescription') {
        const described = (message as unknown as { fields: { name: string; dataTypeID: number }[] }).fields;
        fields = described.map(({ name, dataTypeID }) => ({ name, parse: this.#parser(dataTypeID) }));
      }
    }
    const statement = { name, paramTypes, fields };
    this.#byText.set(text, statement);
    return statement;
  }

  #parser(dataTypeID: number): (text: string) => unknown {
    const parsers = this.#pg.parsers;
    return (text) => types.parseType(text, dataTypeID, parsers);
  }

  /** As PGlite's own query(): the type's serializer, else the value's text. */
  #serialize(param: unknown, dataTypeID: number): string | null {
    if (param === null || param === undefined) return null;
    const serialize = this.#pg.serializers[dataTypeID];
    return serialize ? (serialize(param) as string) : String(param);
  }
}

interface Field {
  name: string;
  parse: (text: string) => unknown;
}

interface Statement {
  name: string;
  paramTypes: number[];
  fields: Field[];
}

/**
 * Frontend messages of the PostgreSQL wire protocol (3.0, "Message Formats"), text format for every parameter and
 * result column. Each batch is measured first and written into one buffer: a statement runs with up to 28
 * parameters on the hot path, and a buffer per field, concatenated, took 2–3 times as long.
 */
function cstringBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8') + 1;
}

function writeCstring(out: Buffer, at: number, text: string): number {
  const end = at + out.write(text, at, 'utf8');
  out[end] = 0;
  return end + 1;
}

/** A message's type byte and length (which counts itself, not the type byte); returns where its body starts. */
function writeHead(out: Buffer, at: number, type: 'B' | 'D' | 'E' | 'P' | 'S', length: number): number {
  out[at] = type.charCodeAt(0);
  return out.writeInt32BE(length, at + 1);
}

/** Parse (parameter types left to the server) and Describe the named statement, then Sync. */
function prepareMessages(name: string, text: string): Uint8Array {
  const parseLength = 4 + cstringBytes(name) + cstringBytes(text) + 2;
  const describeLength = 4 + 1 + cstringBytes(name);
  const out = Buffer.allocUnsafe(1 + parseLength + 1 + describeLength + 1 + 4);
  let at = writeHead(out, 0, 'P', parseLength);
  at = writeCstring(out, at, name);
  at = writeCstring(out, at, text);
  at = out.writeInt16BE(0, at);
  at = writeHead(out, at, 'D', describeLength);
  out[at++] = 0x53; // 'S': a statement, not a portal
  at = writeCstring(out, at, name);
  writeHead(out, at, 'S', 4);
  return out;
}

/** Bind the values (each its length then its bytes, or length -1 for NULL) to the unnamed portal, Execute it, Sync. */
function executeMessages(name: string, values: (string | null)[]): Uint8Array {
  let valueBytes = 0;
  for (const value of values) valueBytes += 4 + (value === null ? 0 : Buffer.byteLength(value, 'utf8'));
  const bindLength = 4 + 1 + cstringBytes(name) + 2 + 2 + valueBytes + 2;
  const executeLength = 4 + 1 + 4;
  const out = Buffer.allocUnsafe(1 + bindLength + 1 + executeLength + 1 + 4);
  let at = writeHead(out, 0, 'B', bindLength);
  out[at++] = 0; // the unnamed portal
  at = writeCstring(out, at, name);
  at = out.writeInt16BE(0, at); // no parameter format codes: all text
  at = out.writeInt16BE(values.length, at);
  for (const value of values) {
    if (value === null) {
      at = out.writeInt32BE(-1, at);
      continue;
    }
    const length = out.write(value, at + 4, 'utf8');
    at = out.writeInt32BE(length, at) + length;
  }
  at = out.writeInt16BE(0, at); // no result format codes: all text
  at = writeHead(out, at, 'E', executeLength);
  out[at++] = 0; // the unnamed portal
  at = out.writeInt32BE(0, at); // no row limit
  writeHead(out, at, 'S', 4);
  return out;
}
