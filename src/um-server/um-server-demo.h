/* um-server-demo.h: the demo and synthetic mailboxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "um-server-mailbox.h"

G_BEGIN_DECLS

gboolean         um_server_demo_fill              (UmServerMailbox *mailbox,
                                                   const char      *ini_path,
                                                   const char      *audio_dir,
                                                   GError         **error);
void             um_server_demo_fill_synthetic    (UmServerMailbox *mailbox,
                                                   guint            count);
UmServerMessage *um_server_demo_new_voicemail     (UmServerMailbox *mailbox);
GBytes          *um_server_demo_tone_wav          (double           seconds,
                                                   double           frequency);
GBytes          *um_server_demo_asr_xml           (const char      *transcript,
                                                   const char      *lang,
                                                   int              duration);

G_END_DECLS
