/* ct-bytes-private.h — little-endian bytes: a bounds-checked reader and a writer
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every format Casustafel writes itself (the header, the team chain, a
 * change file and what travels in it; docs/file-format.md, docs/sync.md)
 * stores integers little-endian, fixed-size fields as they are, and texts
 * after their length. The reader trusts no length: a get checks the bytes
 * left first and never reads past the end. After the first get that
 * fails every later one fails too, so a parser may check after each get
 * or once at the end (_ct_bytes_reader_done()); a failed get sets its
 * integer to 0 and its fixed-size field to zeros. The writer appends the
 * same encoding to a GByteArray, so it never holds a secret: those are
 * written in place in sodium_malloc memory. */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      failed;
} CtBytesReader;

static inline void
_ct_bytes_reader_init (CtBytesReader *r,
                       const guint8  *data,
                       gsize          len)
{
  g_assert (data != NULL || len == 0);
  r->data = data;
  r->len = len;
  r->pos = 0;
  r->failed = FALSE;
}

/* The bytes not yet read: 0 after a failed get. */
static inline gsize
_ct_bytes_left (const CtBytesReader *r)
{
  return r->failed ? 0 : r->len - r->pos;
}

/* Where the next get starts. */
static inline const guint8 *
_ct_bytes_here (const CtBytesReader *r)
{
  return r->data != NULL ? r->data + r->pos : NULL;
}

/* Whether every get held and every byte was read. */
static inline gboolean
_ct_bytes_reader_done (const CtBytesReader *r)
{
  return !r->failed && r->pos == r->len;
}

/* The next @n bytes in place; %NULL after an overrun. */
static inline gboolean
_ct_bytes_get_bytes (CtBytesReader *r,
                     gsize          n,
                     const guint8 **out)
{
  if (r->failed || r->len - r->pos < n)
    {
      r->failed = TRUE;
      *out = NULL;
      return FALSE;
    }
  *out = _ct_bytes_here (r);
  r->pos += n;
  return TRUE;
}

/* As _ct_bytes_get_bytes(), for a parser that checks once at the end:
 * %NULL after an overrun. */
static inline const guint8 *
_ct_bytes_take (CtBytesReader *r,
                gsize          n)
{
  const guint8 *p = NULL;

  _ct_bytes_get_bytes (r, n, &p);
  return p;
}

static inline gboolean
_ct_bytes_skip (CtBytesReader *r,
                gsize          n)
{
  const guint8 *p = NULL;

  return _ct_bytes_get_bytes (r, n, &p);
}

/* The next @n bytes into @out; zeros after an overrun. */
static inline gboolean
_ct_bytes_copy (CtBytesReader *r,
                guint8        *out,
                gsize          n)
{
  const guint8 *p = NULL;

  if (!_ct_bytes_get_bytes (r, n, &p))
    {
      memset (out, 0, n);
      return FALSE;
    }
  if (n > 0)
    memcpy (out, p, n);
  return TRUE;
}

/* An unsigned integer of @width (1 to 8) bytes. */
static inline gboolean
_ct_bytes_get_le (CtBytesReader *r,
                  guint          width,
                  guint64       *v)
{
  const guint8 *p = NULL;

  g_assert (width >= 1 && width <= 8);
  *v = 0;
  if (!_ct_bytes_get_bytes (r, width, &p))
    return FALSE;
  for (guint i = 0; i < width; i++)
    *v |= (guint64) p[i] << (8 * i);
  return TRUE;
}

static inline gboolean
_ct_bytes_get_u8 (CtBytesReader *r,
                  guint8        *v)
{
  guint64 le;
  gboolean ok = _ct_bytes_get_le (r, 1, &le);

  *v = (guint8) le;
  return ok;
}

static inline gboolean
_ct_bytes_get_u16 (CtBytesReader *r,
                   guint16       *v)
{
  guint64 le;
  gboolean ok = _ct_bytes_get_le (r, 2, &le);

  *v = (guint16) le;
  return ok;
}

static inline gboolean
_ct_bytes_get_u32 (CtBytesReader *r,
                   guint32       *v)
{
  guint64 le;
  gboolean ok = _ct_bytes_get_le (r, 4, &le);

  *v = (guint32) le;
  return ok;
}

static inline gboolean
_ct_bytes_get_u64 (CtBytesReader *r,
                   guint64       *v)
{
  return _ct_bytes_get_le (r, 8, v);
}

static inline gboolean
_ct_bytes_get_i64 (CtBytesReader *r,
                   gint64        *v)
{
  guint64 le;
  gboolean ok = _ct_bytes_get_le (r, 8, &le);

  *v = (gint64) le;
  return ok;
}

/* As the gets above, for a parser that checks once at the end: 0 after
 * an overrun. */
static inline guint64
_ct_bytes_le (CtBytesReader *r,
              guint          width)
{
  guint64 v;

  _ct_bytes_get_le (r, width, &v);
  return v;
}

/* A text after its length of @width (1, 2 or 4) bytes: valid UTF-8
 * without a NUL, in place (not NUL-terminated); %NULL after an overrun
 * or a text that is not one. */
static inline gboolean
_ct_bytes_get_text (CtBytesReader *r,
                    guint          width,
                    const char   **text,
                    gsize         *len)
{
  const guint8 *p = NULL;
  guint64 n;

  g_assert (width == 1 || width == 2 || width == 4);
  *text = NULL;
  *len = 0;
  if (!_ct_bytes_get_le (r, width, &n) || !_ct_bytes_get_bytes (r, (gsize) n, &p)
      || memchr (p, '\0', (gsize) n) != NULL || !g_utf8_validate ((const char *) p, (gssize) n, NULL))
    {
      r->failed = TRUE;
      return FALSE;
    }
  *text = (const char *) p;
  *len = (gsize) n;
  return TRUE;
}

/* As _ct_bytes_get_text(), NUL-terminated and newly allocated; %NULL
 * after an overrun or a text that is not one. */
static inline char *
_ct_bytes_dup_text (CtBytesReader *r,
                    guint          width)
{
  const char *text;
  gsize len;

  return _ct_bytes_get_text (r, width, &text, &len) ? g_strndup (text, len) : NULL;
}

/* Writing: the same encoding, appended to @out. */

static inline void
_ct_bytes_put_le (GByteArray *out,
                  guint64     v,
                  guint       width)
{
  guint8 le[8];

  g_assert (width >= 1 && width <= 8);
  for (guint i = 0; i < width; i++)
    le[i] = (guint8) (v >> (8 * i));
  g_byte_array_append (out, le, width);
}

static inline void
_ct_bytes_put_u8 (GByteArray *out,
                  guint8      v)
{
  g_byte_array_append (out, &v, 1);
}

static inline void
_ct_bytes_put_u16 (GByteArray *out,
                   guint16     v)
{
  _ct_bytes_put_le (out, v, 2);
}

static inline void
_ct_bytes_put_u32 (GByteArray *out,
                   guint32     v)
{
  _ct_bytes_put_le (out, v, 4);
}

static inline void
_ct_bytes_put_u64 (GByteArray *out,
                   guint64     v)
{
  _ct_bytes_put_le (out, v, 8);
}

static inline void
_ct_bytes_put_i64 (GByteArray *out,
                   gint64      v)
{
  _ct_bytes_put_le (out, (guint64) v, 8);
}

static inline void
_ct_bytes_put_bytes (GByteArray   *out,
                     gconstpointer data,
                     gsize         len)
{
  g_assert (len <= G_MAXUINT);
  if (len > 0)
    g_byte_array_append (out, data, (guint) len);
}

/* @text after its length in @width (1, 2 or 4) bytes; it must fit. */
static inline void
_ct_bytes_put_text (GByteArray *out,
                    guint       width,
                    const char *text)
{
  gsize len = strlen (text);

  g_assert (width == 1 || width == 2 || width == 4);
  g_assert (len < ((guint64) 1 << (8 * width)));
  _ct_bytes_put_le (out, len, width);
  _ct_bytes_put_bytes (out, text, len);
}

G_END_DECLS
