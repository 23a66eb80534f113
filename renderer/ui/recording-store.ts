/**
 * Keeps the browser build's recording in IndexedDB as it is written, so a crash, a reload or a
 * closed tab does not lose it: the next visit offers it back for download. Each chunk is its own
 * record (appending never rewrites what is stored); `finish` marks the recording complete.
 */
const DB_NAME = 'isolab-recordings';
const CHUNKS = 'chunks';
const META = 'meta';

export interface KeptRecording {
  name: string;
  text: string;
  /** False when the page went away before the recording was stopped (its end line is missing). */
  finished: boolean;
}

export interface RecordingStore {
  /** Starts a new kept recording (drops the previous one). */
  begin(name: string): void;
  append(text: string): void;
  finish(): void;
  /** The recording kept from an earlier page, if any. */
  kept(): Promise<KeptRecording | null>;
  discard(): void;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(CHUNKS, { autoIncrement: true });
    req.result.createObjectStore(META);
  };
  return request(req);
}

/** A store over IndexedDB; `null` when the browser has none (private modes of some browsers). */
export function indexedDbRecordingStore(onError: (message: string) => void): RecordingStore | null {
  if (typeof indexedDB === 'undefined') return null;
  const db = openDb();
  // Writes are queued in order on one promise chain, so chunks land in the order they were written.
  let queue: Promise<unknown> = db;
  const write = (work: (tx: IDBTransaction) => void): void => {
    queue = queue
      .then(async () => {
        const tx = (await db).transaction([CHUNKS, META], 'readwrite');
        work(tx);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
          tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
        });
      })
      .catch((error: unknown) => onError(`The recording could not be kept in browser storage (${(error as Error).message}); download it before leaving the page.`));
  };
  return {
    begin(name) {
      write((tx) => {
        tx.objectStore(CHUNKS).clear();
        tx.objectStore(META).put({ name, finished: false }, 'current');
      });
    },
    append(text) {
      write((tx) => tx.objectStore(CHUNKS).add(text));
    },
    finish() {
      write((tx) => {
        const meta = tx.objectStore(META);
        const get = meta.get('current');
        get.onsuccess = () => meta.put({ ...(get.result as object), finished: true }, 'current');
      });
    },
    async kept() {
      try {
        await queue;
        const tx = (await db).transaction([CHUNKS, META], 'readonly');
        const meta = (await request(tx.objectStore(META).get('current'))) as { name?: unknown; finished?: unknown } | undefined;
        const chunks = (await request(tx.objectStore(CHUNKS).getAll())) as unknown[];
        if (!meta || chunks.length === 0) return null;
        return { name: typeof meta.name === 'string' ? meta.name : 'recording.isolab-rec.ndjson', text: chunks.filter((c): c is string => typeof c === 'string').join(''), finished: meta.finished === true };
      } catch {
        return null;
      }
    },
    discard() {
      write((tx) => {
        tx.objectStore(CHUNKS).clear();
        tx.objectStore(META).delete('current');
      });
    },
  };
}
