/* um.h: the Hark client library for Exchange Unified Messaging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define UM_INSIDE

#include "um-autodiscover.h"
#include "um-call-monitor.h"
#include "um-client.h"
#include "um-enum-types.h"
#include "um-error.h"
#include "um-mailbox.h"
#include "um-ns.h"
#include "um-types.h"
#include "um-voicemail.h"
#include "um-watcher.h"

#undef UM_INSIDE
