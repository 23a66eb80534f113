import { addRecent, loadRecent, saveRecent } from './recent-files';

export interface RecentServiceDeps {
  /** The JSON file the list is kept in (under the user-data folder). */
  storeFile(): string;
  /** The operating system's own recent-documents list (dock, jump list). */
  os: { addRecentDocument(path: string): void; clearRecentDocuments(): void };
  /** The list changed (the File > Open Recent menu follows). */
  changed(): void;
}

/** File > Open Recent: the list in memory, on disk (main/recent-files.ts) and in the OS's list. */
export class RecentService {
  private files: string[] = [];

  constructor(private readonly deps: RecentServiceDeps) {}

  get list(): readonly string[] {
    return this.files;
  }

  async load(): Promise<void> {
    this.files = await loadRecent(this.deps.storeFile());
  }

  async remember(path: string): Promise<void> {
    this.deps.os.addRecentDocument(path);
    await this.set(addRecent(this.files, path));
  }

  /** A file that could no longer be opened leaves the list. */
  async forget(path: string): Promise<void> {
    if (this.files.includes(path)) await this.set(this.files.filter((p) => p !== path));
  }

  async clear(): Promise<void> {
    this.deps.os.clearRecentDocuments();
    await this.set([]);
  }

  private async set(list: string[]): Promise<void> {
    this.files = list;
    this.deps.changed();
    await saveRecent(this.deps.storeFile(), list).catch((error: unknown) => console.warn(`could not save recent files: ${(error as Error).message}`));
  }
}
