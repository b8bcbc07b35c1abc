/* ct-bytes-private.h — little-endian bytes: a bounds-checked reader and a writer
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every format Casustafel writes itself (the header, the team chain, a
 * change file and what travels in it; docs/file-format.md, docs/sync-files.md)
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
  guint64 le = 0;

  g_assert (width >= 1 && width <= 8);
  *v = 0;
  if (!_ct_bytes_get_bytes (r, width, &p))
    return FALSE;
  /* The low @width bytes of a little-endian 64-bit integer, on any host */
  memcpy (&le, p, width);
  *v = GUINT64_FROM_LE (le);
  return TRUE;
}

/* An unsigned integer of @width (1 to 8) bytes, appended to @out. */
static inline void
_ct_bytes_put_le (GByteArray *out,
                  guint64     v,
                  guint       width)
{
  guint64 le = GUINT64_TO_LE (v);

  g_assert (width >= 1 && width <= 8);
  g_byte_array_append (out, (const guint8 *) &le, width);
}

/* _ct_bytes_get_u8(), _u16(), _u32(), _u64() and _i64(): an integer of
 * that type, 0 after an overrun; _ct_bytes_put_u8() and the others
 * append one to a GByteArray. */
#define CT_BYTES_DEFINE_INT(suffix, type, width)                \
  static inline gboolean                                        \
  _ct_bytes_get_##suffix (CtBytesReader *r,                     \
                          type          *v)                     \
  {                                                             \
    guint64 le;                                                 \
    gboolean ok = _ct_bytes_get_le (r, width, &le);             \
                                                                \
    *v = (type) le;                                             \
    return ok;                                                  \
  }                                                             \
                                                                \
  static inline void                                            \
  _ct_bytes_put_##suffix (GByteArray *out,                      \
                          type        v)                        \
  {                                                             \
    _ct_bytes_put_le (out, (guint64) v, width);                 \
  }

CT_BYTES_DEFINE_INT (u8, guint8, 1)
CT_BYTES_DEFINE_INT (u16, guint16, 2)
CT_BYTES_DEFINE_INT (u32, guint32, 4)
CT_BYTES_DEFINE_INT (u64, guint64, 8)
CT_BYTES_DEFINE_INT (i64, gint64, 8)

#undef CT_BYTES_DEFINE_INT

/* A count of items that take at least @item_size bytes each: refused
 * when the bytes left cannot hold that many, before anything is made
 * for them. */
static inline gboolean
_ct_bytes_get_count (CtBytesReader *r,
                     gsize          item_size,
                     guint32       *n)
{
  g_assert (item_size > 0);
  if (!_ct_bytes_get_u32 (r, n) || *n > _ct_bytes_left (r) / item_size)
    {
      r->failed = TRUE;
      return FALSE;
    }
  return TRUE;
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
      || memchr (p, '\0', (gsize) n) != NULL
      || !g_utf8_validate ((const char *) p, (gssize) n, NULL))
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
