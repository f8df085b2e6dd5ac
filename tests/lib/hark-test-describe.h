/* hark-test-describe.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Links only src/um, for the tests that link nothing else.
 */

#pragma once

#include "um.h"
#include "um-response.h"

G_BEGIN_DECLS

char *hark_test_describe_response (UmResponse  *response,
                                   GError     **error);

G_END_DECLS
