/* ct-vfs.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A SQLite VFS shim over the default unix VFS. For main database files it
 * adds the 64 KiB of the two header copies to every offset, so the team
 * file is one file. It also closes two gaps of SQLCipher 3.4.1:
 *
 *  - an all-zero page is passed without its HMAC check, so a zeroed or
 *    truncated page would read as empty: a full page read that is short or
 *    all zero is reported as corruption;
 *  - the 12 padding bytes after the IV and HMAC of every page are not
 *    authenticated: they are written as zeros, so ct_vfs_page_is_sound()
 *    (used by `check`) notices any change to them.
 *
 * Journals and other files pass through unchanged. */

#define G_LOG_DOMAIN "ct-vfs"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ct-vault.h"
#include "ct-vfs.h"

typedef struct
{
  sqlite3_file  base;
  gboolean      is_main;
  sqlite3_file *real;  /* the unix VFS's file, allocated right after us */
} CtVfsFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs ct_vfs;
static sqlite3_io_methods ct_io_methods;

static gboolean
is_all_zero (const guint8 *data,
             gsize         len)
{
  guint8 acc = 0;

  for (gsize i = 0; i < len; i++)
    acc |= data[i];

  return acc == 0;
}

/**
 * ct_vfs_page_is_sound:
 * @page: one raw database page of %CT_VAULT_PAGE_SIZE bytes
 *
 * Checks what SQLCipher 3.4.1 does not: that the page is not all zero and
 * that its unauthenticated padding is still the zeros this VFS wrote.
 */
gboolean
ct_vfs_page_is_sound (const guint8 *page)
{
  if (is_all_zero (page, CT_VAULT_PAGE_SIZE))
    return FALSE;

  return is_all_zero (page + CT_PAGE_PAD_OFFSET, CT_PAGE_PAD_SIZE);
}

static int
ct_vfs_close (sqlite3_file *file)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xClose (self->real);
}

static int
ct_vfs_read (sqlite3_file *file,
             void         *buf,
             int           amount,
             sqlite3_int64 offset)
{
  CtVfsFile *self = (CtVfsFile *) file;
  int rc;

  if (!self->is_main)
    return self->real->pMethods->xRead (self->real, buf, amount, offset);

  rc = self->real->pMethods->xRead (self->real, buf, amount, offset + CT_VAULT_DB_OFFSET);

  /* SQLite reads whole pages only for pages it knows exist, so a short or
   * all-zero page here is damage, never a page still to be written. */
  if (amount == CT_VAULT_PAGE_SIZE && offset % CT_VAULT_PAGE_SIZE == 0)
    {
      if (rc == SQLITE_IOERR_SHORT_READ)
        return SQLITE_CORRUPT;
      if (rc == SQLITE_OK && is_all_zero (buf, amount))
        return SQLITE_CORRUPT;
    }

  return rc;
}

static int
ct_vfs_write (sqlite3_file *file,
              const void   *buf,
              int           amount,
              sqlite3_int64 offset)
{
  CtVfsFile *self = (CtVfsFile *) file;
  guint8 page[CT_VAULT_PAGE_SIZE];

  if (!self->is_main)
    return self->real->pMethods->xWrite (self->real, buf, amount, offset);

  if (amount == CT_VAULT_PAGE_SIZE && offset % CT_VAULT_PAGE_SIZE == 0)
    {
      memcpy (page, buf, sizeof page);
      memset (page + CT_PAGE_PAD_OFFSET, 0, CT_PAGE_PAD_SIZE);
      buf = page;
    }

  return self->real->pMethods->xWrite (self->real, buf, amount, offset + CT_VAULT_DB_OFFSET);
}

static int
ct_vfs_truncate (sqlite3_file *file,
                 sqlite3_int64 size)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xTruncate (self->real,
                                          size + (self->is_main ? CT_VAULT_DB_OFFSET : 0));
}

static int
ct_vfs_sync (sqlite3_file *file,
             int           flags)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xSync (self->real, flags);
}

static int
ct_vfs_file_size (sqlite3_file  *file,
                  sqlite3_int64 *size)
{
  CtVfsFile *self = (CtVfsFile *) file;
  int rc = self->real->pMethods->xFileSize (self->real, size);

  if (rc == SQLITE_OK && self->is_main)
    *size = MAX (0, *size - CT_VAULT_DB_OFFSET);

  return rc;
}

static int
ct_vfs_lock (sqlite3_file *file,
             int           level)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xLock (self->real, level);
}

static int
ct_vfs_unlock (sqlite3_file *file,
               int           level)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xUnlock (self->real, level);
}

static int
ct_vfs_check_reserved_lock (sqlite3_file *file,
                            int          *out)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xCheckReservedLock (self->real, out);
}

static int
ct_vfs_file_control (sqlite3_file *file,
                     int           op,
                     void         *arg)
{
  CtVfsFile *self = (CtVfsFile *) file;

  /* The size hint and chunk size would be applied without our offset. */
  if (self->is_main && (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE))
    return SQLITE_OK;

  return self->real->pMethods->xFileControl (self->real, op, arg);
}

static int
ct_vfs_sector_size (sqlite3_file *file)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xSectorSize (self->real);
}

static int
ct_vfs_device_characteristics (sqlite3_file *file)
{
  CtVfsFile *self = (CtVfsFile *) file;

  return self->real->pMethods->xDeviceCharacteristics (self->real);
}

static int
ct_vfs_open (sqlite3_vfs  *vfs,
             const char   *name,
             sqlite3_file *file,
             int           flags,
             int          *out_flags)
{
  CtVfsFile *self = (CtVfsFile *) file;
  int rc;

  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *) (self + 1);
  self->is_main = (flags & SQLITE_OPEN_MAIN_DB) != 0;

  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (self->real->pMethods == NULL)
    return rc;

  /* Version 1 methods: no shared memory (no WAL) and no memory mapping,
   * both of which would bypass the offset. */
  self->base.pMethods = &ct_io_methods;

  return rc;
}

static int
ct_vfs_delete (sqlite3_vfs *vfs,
               const char  *name,
               int          sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
ct_vfs_access (sqlite3_vfs *vfs,
               const char  *name,
               int          flags,
               int         *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
ct_vfs_full_pathname (sqlite3_vfs *vfs,
                      const char  *name,
                      int          n_out,
                      char        *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n_out, out);
}

static int
ct_vfs_randomness (sqlite3_vfs *vfs,
                   int          n,
                   char        *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
ct_vfs_sleep (sqlite3_vfs *vfs,
              int          microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
ct_vfs_current_time (sqlite3_vfs *vfs,
                     double      *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
ct_vfs_get_last_error (sqlite3_vfs *vfs,
                       int          n,
                       char        *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
ct_vfs_current_time_int64 (sqlite3_vfs   *vfs,
                           sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

/**
 * ct_vfs_register:
 *
 * Registers the "casustafel" VFS (not as the default). Safe to call more
 * than once.
 */
void
ct_vfs_register (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;

  real_vfs = sqlite3_vfs_find ("unix");
  g_assert (real_vfs != NULL);

  ct_io_methods = (sqlite3_io_methods) {
    .iVersion = 1,
    .xClose = ct_vfs_close,
    .xRead = ct_vfs_read,
    .xWrite = ct_vfs_write,
    .xTruncate = ct_vfs_truncate,
    .xSync = ct_vfs_sync,
    .xFileSize = ct_vfs_file_size,
    .xLock = ct_vfs_lock,
    .xUnlock = ct_vfs_unlock,
    .xCheckReservedLock = ct_vfs_check_reserved_lock,
    .xFileControl = ct_vfs_file_control,
    .xSectorSize = ct_vfs_sector_size,
    .xDeviceCharacteristics = ct_vfs_device_characteristics,
  };

  ct_vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = (int) sizeof (CtVfsFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = CT_VFS_NAME,
    .xOpen = ct_vfs_open,
    .xDelete = ct_vfs_delete,
    .xAccess = ct_vfs_access,
    .xFullPathname = ct_vfs_full_pathname,
    .xRandomness = ct_vfs_randomness,
    .xSleep = ct_vfs_sleep,
    .xCurrentTime = ct_vfs_current_time,
    .xGetLastError = ct_vfs_get_last_error,
    .xCurrentTimeInt64 = ct_vfs_current_time_int64,
  };

  sqlite3_vfs_register (&ct_vfs, 0);
  g_once_init_leave (&done, 1);
}
