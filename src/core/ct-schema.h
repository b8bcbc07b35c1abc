/* ct-schema.h — what the team's data is made of
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ct-roles.h"

G_BEGIN_DECLS

typedef enum
{
  CT_FIELD_LINE,      /* one line of text */
  CT_FIELD_TEXT,      /* free text, line breaks allowed */
  CT_FIELD_DATE,      /* YYYY-MM-DD */
  CT_FIELD_INT,       /* a whole number between min and max */
  CT_FIELD_CENTS,     /* an amount in euro cents, 0 or more */
  CT_FIELD_BOOL,      /* "true" or "false" */
  CT_FIELD_ENUM,      /* one of a fixed list of names */
  CT_FIELD_BSN,       /* 9 digits passing the eleven-test */
  CT_FIELD_POSTCODE,  /* "1234 AB" */
  CT_FIELD_PHONE,     /* 10 to 15 digits, optionally with + and separators */
  CT_FIELD_EMAIL,
  CT_FIELD_REF,       /* the id of a row in another table */
  CT_FIELD_MEMBER,    /* the id of a team member */
  CT_FIELD_ENUM_SET,  /* comma-separated names from a fixed list */
  CT_FIELD_PC4_SET,   /* comma-separated four-digit postcode areas */
} CtFieldType;

typedef struct
{
  const char          *name;
  CtCategory           category;
  CtFieldType          type;
  const char          *label;     /* translatable, names the field in errors */
  gint64               min;       /* INT: bounds; LINE/TEXT: max characters in max */
  gint64               max;
  const char * const  *values;    /* ENUM */
  const char          *ref_table; /* REF */
  gboolean             required;
  gboolean             by_row;    /* sealed under the row's category (docs/categories.md) */
} CtField;

typedef struct
{
  const char     *name;
  const CtField  *fields;
  guint           n_fields;
  const char     *parent_field;  /* the REF that places a row (household, case, ...) */
  int             row_category;  /* index of the "row_category" field, or -1 */
  gboolean        row_hidden;    /* a row whose category cannot be read is not handed out */
} CtTable;

const CtTable *ct_schema_get_table      (const char     *name);
const CtTable * const *ct_schema_get_tables (guint      *n_tables);
const CtField *ct_table_get_field       (const CtTable  *table,
                                         const char     *name);
int            ct_table_get_field_index (const CtTable  *table,
                                         const char     *name);
int            ct_field_enum_index      (const CtField  *field,
                                         const char     *value);
gboolean       ct_field_is_integer      (const CtField  *field);
const char    *ct_field_get_table_name  (const CtField  *field);

char          *ct_field_normalize       (const CtField  *field,
                                         const char     *value,
                                         GError        **error);

gboolean       ct_bsn_is_valid          (const char     *bsn);

/* The 13 domains of the ZRM 2017 and the category each score belongs to. */
#define CT_ZRM_N_DOMAINS 13
extern const char * const ct_zrm_domains[];
CtCategory     ct_zrm_domain_category   (guint           domain);
CtCategory     ct_zrm_domain_name_category (const char   *domain);
CtCategory     ct_partner_type_category (const char     *type);

/* The categories a fact can belong to besides general, in the order of
 * the case's category parts (question_health, domains_justice, ...). */
#define CT_N_FACT_CATEGORIES 6
extern const CtCategory ct_fact_categories[CT_N_FACT_CATEGORIES];
char          *ct_case_part_field       (const char     *base,
                                         CtCategory      category);

G_END_DECLS
