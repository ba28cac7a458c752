// The one open AnchorDatabase the app uses, opened lazily; tests point it at a database of their own.
import { AnchorDatabase, DATABASE_NAME } from './database';

let current: AnchorDatabase | null = null;

/** The app's database. Opening happens on first use; failures surface from the first operation as StoreError. */
export function database(): AnchorDatabase {
  current ??= new AnchorDatabase(DATABASE_NAME);
  return current;
}

/** Closes the current database and uses the one named instead (tests, and after a full local reset). */
export function connectDatabase(name: string): AnchorDatabase {
  current?.close();
  current = new AnchorDatabase(name);
  return current;
}
