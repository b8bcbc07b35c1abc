/* ct-error.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CT_ERROR (ct_error_quark ())

/**
 * CtError:
 * @CT_ERROR_FAILED: anything not covered below (an I/O error, a failed system call)
 * @CT_ERROR_NOT_TEAM_FILE: the file is not a Casustafel team file
 * @CT_ERROR_NEWER_VERSION: the file was written by a newer Casustafel
 * @CT_ERROR_TRUNCATED: the file is shorter than its format requires
 * @CT_ERROR_HEADER_DAMAGED: both header copies fail their checksum
 * @CT_ERROR_WRONG_CREDENTIALS: unknown login or wrong passphrase (never told apart)
 * @CT_ERROR_DATABASE_DAMAGED: a page fails its HMAC, or the database fails its checks
 * @CT_ERROR_TAMPERED: the header MAC does not hold: changed outside the app
 * @CT_ERROR_BUSY: another process has the file open
 * @CT_ERROR_REPLACED: the file was replaced on disk while it was open
 * @CT_ERROR_RESTRICTED: the member's role may not do or see this
 * @CT_ERROR_INVALID_FIELD: a value failed validation; the message names the field for a
 *   person, and ct_error_get_table() and ct_error_get_field() name it for the code
 * @CT_ERROR_INVALID_KEY: a recovery key or enrolment code is mistyped (checksum)
 * @CT_ERROR_NOT_FOUND: the record or member does not exist
 * @CT_ERROR_EXISTS: the record or member already exists
 * @CT_ERROR_LOCKED: the session is locked
 * @CT_ERROR_BAD_PARAMETERS: stored key-derivation parameters are out of bounds
 * @CT_ERROR_NEEDS_ENROLMENT: the enrolment code was right; the member must now
 *   choose a passphrase (ct_vault_enrol())
 * @CT_ERROR_DISK_FULL: the disk has no room for the write (or for the access
 *   log entry a read needs); nothing was changed
 * @CT_ERROR_READ_ONLY: the file or its medium is read-only; nothing that must
 *   be written (a change, or the access log entry of a read) can be done
 *
 * Errors a caller can act on. Every message is a full sentence for a person.
 */
typedef enum
{
  CT_ERROR_FAILED,
  CT_ERROR_NOT_TEAM_FILE,
  CT_ERROR_NEWER_VERSION,
  CT_ERROR_TRUNCATED,
  CT_ERROR_HEADER_DAMAGED,
  CT_ERROR_WRONG_CREDENTIALS,
  CT_ERROR_DATABASE_DAMAGED,
  CT_ERROR_TAMPERED,
  CT_ERROR_BUSY,
  CT_ERROR_REPLACED,
  CT_ERROR_RESTRICTED,
  CT_ERROR_INVALID_FIELD,
  CT_ERROR_INVALID_KEY,
  CT_ERROR_NOT_FOUND,
  CT_ERROR_EXISTS,
  CT_ERROR_LOCKED,
  CT_ERROR_BAD_PARAMETERS,
  CT_ERROR_NEEDS_ENROLMENT,
  CT_ERROR_DISK_FULL,
  CT_ERROR_READ_ONLY,
} CtError;

GQuark      ct_error_quark      (void);

void        ct_set_field_error  (GError     **error,
                                 const char  *table,
                                 const char  *field,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (4, 5);
void        ct_error_set_field  (GError      *error,
                                 const char  *table,
                                 const char  *field);
const char *ct_error_get_table  (const GError *error);
const char *ct_error_get_field  (const GError *error);

G_END_DECLS
