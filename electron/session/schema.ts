// The session file's schema: the ordered list of migrations, one file each under migrations/.
// NEVER edit a migration once it has shipped: files record a sha256 of every migration they
// applied and refuse to open when this build's SQL differs ("migration 2 was changed after it was
// applied"). Add a new one (migrations/NNNN-name.ts, listed here, with its test) instead.

import { migration0001 } from './migrations/0001-recording';
import { migration0002 } from './migrations/0002-annotations';
import { migration0003 } from './migrations/0003-gc-collectors';
import { migration0004 } from './migrations/0004-tick-problems';
import { migration0005 } from './migrations/0005-evidence';
import { migration0006 } from './migrations/0006-frame-samples';
import { migration0007 } from './migrations/0007-source';
import type { Migration } from './migrations/migration';

export type { Migration };

/** PRAGMA application_id of every Backflow session: 'BFlw' as a big-endian int32. */
export const APPLICATION_ID = 0x42466c77;

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
];

/** The format this build writes: the id of the last migration. */
export const FORMAT_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.id;
