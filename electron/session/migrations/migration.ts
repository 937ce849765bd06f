// One schema migration: its id (the file's user_version after it), a name, and SQL that is
// hashed when applied (see ../migrate.ts). One file per migration, named by its id.

export interface Migration {
  id: number;
  name: string;
  sql: string;
}
