/* ct-category-terms.h — words that name a category's facts
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ct-roles.h"

G_BEGIN_DECLS

/**
 * CtTermMatch:
 * @category: the category whose fact the sentence names
 * @start: the byte offset of the sentence in the text
 * @end: the byte offset just past it (its end mark and spaces included)
 * @term: the listed term that was found
 *
 * A sentence of general text that names a fact of a category.
 */
typedef struct
{
  CtCategory  category;
  gsize       start;
  gsize       end;
  const char *term;
} CtTermMatch;

const char * const *ct_category_terms      (CtCategory  category);
GArray             *ct_category_terms_find (const char *text);
char               *ct_category_terms_fold (const char *word);

G_END_DECLS
