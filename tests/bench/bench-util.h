/* bench-util.h: what the benchmarks share: a clock, medians, credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdlib.h>

#include "um.h"

#define BENCH_USER "bench"
#define BENCH_PASSWORD "bench-password"

static inline double
bench_now (void)
{
  return g_get_monotonic_time () / (double)G_USEC_PER_SEC;
}

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Sorts @values. */
static inline double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), bench_compare_doubles);
  return values[n / 2];
}

static inline gboolean
bench_authenticate_cb (UmClient *client,
                       SoupAuth *auth,
                       gboolean  retrying,
                       gpointer  user_data)
{
  if (retrying)
    return FALSE;
  soup_auth_authenticate (auth, BENCH_USER, BENCH_PASSWORD);
  return TRUE;
}
