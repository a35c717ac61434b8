/**
 * Schema 9: only the chips a user saves are "saved chips"; the chips runs stored for themselves are
 * listed apart. architectures.saved is 1 for a row saved through architectures.save. Rows from before
 * had no mark: those that no run refers to can only have been saved by the user, so they keep showing
 * as saved; rows runs refer to are taken as chips of past runs.
 * Shipped: never edit this file; change the schema in a new numbered migration.
 */
export const sql = `
ALTER TABLE architectures ADD COLUMN saved INTEGER NOT NULL DEFAULT 0 CHECK (saved IN (0, 1));
UPDATE architectures SET saved = 1 WHERE id NOT IN (SELECT architecture_id FROM runs WHERE architecture_id IS NOT NULL);
`
