/** Options of a synced board (see SyncedBoard). */
export interface SyncedBoardOptions {
  /** How often pending reports are sent, ms. @default the board's own */
  flushMs?: number;
  /** How old a copy of an entity's state may get, ms. @default the board's own */
  refreshMs?: number;
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

/** What every entity a board keeps carries: the one state fetch in flight, if any. */
export interface SyncedEntity {
  fetching: Promise<void> | null;
}

/**
 * The frame of a worker's cached view of entity workflows (circuit breakers, canary controllers): entities by id,
 * a timer that calls `sync` every `flushMs` (never two at once; unref'd so it never holds the process), `close`
 * sending what is pending, and one state fetch in flight per entity.
 */
export abstract class SyncedBoard<E extends SyncedEntity> {
  protected readonly entities = new Map<string, E>();
  protected readonly flushMs: number;
  protected readonly refreshMs: number;
  protected readonly warn: (message: string, fields: Record<string, unknown>) => void;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    /** Names the board in its warnings (`<name> sync failed`). */
    private readonly name: string,
    defaults: { flushMs: number; refreshMs: number },
    options: SyncedBoardOptions = {},
  ) {
    this.flushMs = options.flushMs ?? defaults.flushMs;
    this.refreshMs = options.refreshMs ?? defaults.refreshMs;
    this.warn = options.warn ?? (() => undefined);
  }

  /** Sends what is pending and refreshes the copies that need it (the timer does this every `flushMs`). */
  abstract sync(nowMs?: number): Promise<void>;

  /** Sends one entity's pending reports. */
  protected abstract flush(entity: E): Promise<void>;

  /** Sends what is pending and stops the timer. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.entities.values()].map((entity) => this.flush(entity)));
  }

  /** Starts the sync timer unless it runs. */
  protected start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = true;
      this.sync()
        .catch((error: unknown) => this.warn(`${this.name} sync failed`, { error: String(error) }))
        .finally(() => {
          this.ticking = false;
        });
    }, this.flushMs);
    this.timer.unref();
  }

  /** Runs `fetch` for the entity unless one is in flight, whose promise is returned instead. */
  protected fetchOnce(entity: E, fetch: () => Promise<void>): Promise<void> {
    entity.fetching ??= fetch().finally(() => {
      entity.fetching = null;
    });
    return entity.fetching;
  }
}
