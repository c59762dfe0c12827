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
 * Frontend messages of the PostgreSQL wire protocol (3.0, "Message Formats"), written back to back into one buffer;
 * text format for every parameter and result column.
 */
class ProtocolWriter {
  readonly #chunks: Buffer[] = [];
  #body: Buffer[] = [];

  string(text: string): this {
    this.#body.push(Buffer.from(`${text}\0`, 'utf8'));
    return this;
  }
  byte(char: string): this {
    this.#body.push(Buffer.from(char, 'latin1'));
    return this;
  }
  int16(n: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(n);
    this.#body.push(b);
    return this;
  }
  int32(n: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(n);
    this.#body.push(b);
    return this;
  }
  /** A parameter value: its length then its bytes, or length -1 for NULL. */
  value(text: string | null): this {
    if (text === null) return this.int32(-1);
    const bytes = Buffer.from(text, 'utf8');
    this.int32(bytes.length);
    this.#body.push(bytes);
    return this;
  }
  /** Closes the message started since the last one, under its type byte. */
  message(type: string): this {
    const length = this.#body.reduce((sum, b) => sum + b.length, 4);
    const head = Buffer.allocUnsafe(5);
    head.write(type, 0, 'latin1');
    head.writeInt32BE(length, 1);
    this.#chunks.push(head, ...this.#body);
    this.#body = [];
    return this;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.#chunks);
  }
}

function prepareMessages(name: string, text: string): Uint8Array {
  return new ProtocolWriter()
    .string(name)
    .string(text)
    .int16(0)
    .message('P')
    .byte('S')
    .string(name)
    .message('D')
    .message('S')
    .bytes();
}

function executeMessages(name: string, values: (string | null)[]): Uint8Array {
  const writer = new ProtocolWriter().string('').string(name).int16(0).int16(values.length);
  for (const value of values) writer.value(value);
  return writer.int16(0).message('B').string('').int32(0).message('E').message('S').bytes();
}
