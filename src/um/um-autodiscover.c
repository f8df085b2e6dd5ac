/* um-autodiscover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POX Autodiscover ([MS-OXDSCLI] 3.1.5) the way Outlook tries it, in order:
 *
 *   1. POST https://DOMAIN/autodiscover/autodiscover.xml
 *   2. POST https://autodiscover.DOMAIN/autodiscover/autodiscover.xml
 *   3. GET http://autodiscover.DOMAIN/autodiscover/autodiscover.xml without
 *      credentials: a redirect to an https:// URL is followed (by POST) once
 *      the caller confirms the new host
 *   4. the SRV record _autodiscover._tcp.DOMAIN, confirmed the same way
 *
 * An answer may redirect to another address (redirectAddr: start over with
 * it) or URL (redirectUrl, https only); at most UM_AUTODISCOVER_MAX_REDIRECTS
 * times. Credentials go only over https (or to loopback), and a refused
 * password stops the search: it would be refused elsewhere too.
 */

#include "config.h"

#include "um-autodiscover.h"

#include "um-client-private.h"
#include "um-error.h"
#include "um-response.h"

#include <string.h>

#define MAX_ANSWER_SIZE (1024 * 1024)
#define AUTODISCOVER_PATH "/autodiscover/autodiscover.xml"

UmAutodiscoverResult *
um_autodiscover_result_copy (const UmAutodiscoverResult *result)
{
  UmAutodiscoverResult *copy = g_memdup2 (result, sizeof *result);

  copy->email = g_strdup (result->email);
  copy->display_name = g_strdup (result->display_name);
  copy->ews_url = g_strdup (result->ews_url);
  copy->um_url = g_strdup (result->um_url);
  copy->found_at = g_strdup (result->found_at);
  return copy;
}

void
um_autodiscover_result_free (UmAutodiscoverResult *result)
{
  if (result == NULL)
    return;

  g_free (result->email);
  g_free (result->display_name);
  g_free (result->ews_url);
  g_free (result->um_url);
  g_free (result->found_at);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (UmAutodiscoverResult, um_autodiscover_result, um_autodiscover_result_copy,
                     um_autodiscover_result_free)

static char *
child_text (const xmlNode *node,
            const char    *ns,
            const char    *name)
{
  char *text = um_xml_text (um_xml_child (node, ns, name));

  if (text != NULL)
    g_strstrip (text);
  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The URLs of a Protocol element of the given Type. */
static gboolean
read_protocol (const xmlNode        *account,
               const char           *type,
               UmAutodiscoverResult *result)
{
  for (xmlNode *protocol = um_xml_first_element (account); protocol != NULL;
       protocol = um_xml_next_element (protocol))
    {
      g_autofree char *protocol_type = NULL;
      g_autofree char *ews = NULL;
      g_autofree char *as = NULL;

      if (!um_xml_is (protocol, UM_NS_AUTODISCOVER_OUTLOOK, "Protocol"))
        continue;
      protocol_type = child_text (protocol, UM_NS_AUTODISCOVER_OUTLOOK, "Type");
      if (g_strcmp0 (protocol_type, type) != 0)
        continue;

      ews = child_text (protocol, UM_NS_AUTODISCOVER_OUTLOOK, "EwsUrl");
      as = child_text (protocol, UM_NS_AUTODISCOVER_OUTLOOK, "ASUrl");
      if (result->ews_url == NULL)
        {
          /* Exchange 2007 names EWS the Availability Service. */
          result->exchange2007 = ews == NULL && as != NULL;
          result->ews_url = ews != NULL ? g_steal_pointer (&ews) : g_steal_pointer (&as);
        }
      if (result->um_url == NULL)
        result->um_url = child_text (protocol, UM_NS_AUTODISCOVER_OUTLOOK, "UMUrl");
      return TRUE;
    }
  return FALSE;
}

/**
 * um_autodiscover_parse:
 * @data: a POX Autodiscover answer
 * @size: its length
 * @redirect_addr: (out) (optional): set for an Action of redirectAddr
 * @redirect_url: (out) (optional): set for an Action of redirectUrl
 * @error: return location for an error
 *
 * Reads the answer as any answer is read: no network, DTD or entities.
 * EXCH comes before EXPR; EwsUrl before ASUrl.
 *
 * Returns: (transfer full) (nullable): the settings; %NULL for a redirect
 *   (with @redirect_addr or @redirect_url set) or an error
 */
UmAutodiscoverResult *
um_autodiscover_parse (const char  *data,
                       gsize        size,
                       char       **redirect_addr,
                       char       **redirect_url,
                       GError     **error)
{
  g_autoptr(UmAutodiscoverResult) result = g_new0 (UmAutodiscoverResult, 1);
  g_autofree char *action = NULL;
  xmlDoc *doc = um_xml_read (data, size, NULL);
  xmlNode *root;
  xmlNode *response;
  xmlNode *account;
  xmlNode *user;

  if (redirect_addr != NULL)
    *redirect_addr = NULL;
  if (redirect_url != NULL)
    *redirect_url = NULL;

  if (doc == NULL)
    {
      g_set_error_literal (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                           "The Autodiscover answer is not XML");
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (!um_xml_is (root, UM_NS_AUTODISCOVER_RESPONSE, "Autodiscover"))
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                           "The answer is not a POX Autodiscover answer");
      return NULL;
    }

  /* An error answer: its Response is in the outer namespace. */
  response = um_xml_child (root, UM_NS_AUTODISCOVER_OUTLOOK, "Response");
  if (response == NULL)
    {
      xmlNode *error_response = um_xml_child (root, UM_NS_AUTODISCOVER_RESPONSE, "Response");
      xmlNode *failure = um_xml_child (error_response, UM_NS_AUTODISCOVER_RESPONSE, "Error");
      g_autofree char *code = child_text (failure, UM_NS_AUTODISCOVER_RESPONSE, "ErrorCode");
      g_autofree char *message = child_text (failure, UM_NS_AUTODISCOVER_RESPONSE, "Message");

      xmlFreeDoc (doc);
      g_set_error (error, UM_ERROR, UM_ERROR_AUTODISCOVER, "Autodiscover: %s%s%s%s",
                   message != NULL ? message : "no settings",
                   code != NULL ? " (" : "", code != NULL ? code : "", code != NULL ? ")" : "");
      return NULL;
    }

  user = um_xml_child (response, UM_NS_AUTODISCOVER_OUTLOOK, "User");
  account = um_xml_child (response, UM_NS_AUTODISCOVER_OUTLOOK, "Account");
  action = child_text (account, UM_NS_AUTODISCOVER_OUTLOOK, "Action");

  if (g_strcmp0 (action, "redirectAddr") == 0 || g_strcmp0 (action, "redirectUrl") == 0)
    {
      gboolean addr = g_strcmp0 (action, "redirectAddr") == 0;
      char *target = child_text (account, UM_NS_AUTODISCOVER_OUTLOOK,
                                 addr ? "RedirectAddr" : "RedirectUrl");

      xmlFreeDoc (doc);
      if (target == NULL)
        {
          g_set_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                       "The Autodiscover answer redirects without saying where (%s)", action);
          return NULL;
        }
      if (addr && redirect_addr != NULL)
        *redirect_addr = target;
      else if (!addr && redirect_url != NULL)
        *redirect_url = target;
      else
        g_free (target);
      return NULL;
    }

  result->display_name = child_text (user, UM_NS_AUTODISCOVER_OUTLOOK, "DisplayName");
  result->email = child_text (user, UM_NS_AUTODISCOVER_OUTLOOK, "AutoDiscoverSMTPAddress");
  read_protocol (account, "EXCH", result);
  read_protocol (account, "EXPR", result);
  xmlFreeDoc (doc);

  if (result->ews_url == NULL && result->um_url == NULL)
    {
      g_set_error_literal (error, UM_ERROR, UM_ERROR_AUTODISCOVER,
                           "The Autodiscover answer has no web service addresses");
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* The object */

typedef enum {
  CANDIDATE_POST,
  CANDIDATE_PROBE,
  CANDIDATE_SRV,
} CandidateKind;

typedef struct {
  CandidateKind  kind;
  char          *url;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->url);
  g_free (candidate);
}

struct _UmAutodiscover
{
  GObject      parent_instance;

  SoupSession *session;
  GResolver   *resolver;
  GPtrArray   *tried;
};

G_DEFINE_FINAL_TYPE (UmAutodiscover, um_autodiscover, G_TYPE_OBJECT)

enum {
  AUTHENTICATE,
  CONFIRM_REDIRECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
um_autodiscover_finalize (GObject *object)
{
  UmAutodiscover *self = (UmAutodiscover *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->tried, g_ptr_array_unref);

  G_OBJECT_CLASS (um_autodiscover_parent_class)->finalize (object);
}

static void
um_autodiscover_class_init (UmAutodiscoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = um_autodiscover_finalize;

  /**
   * UmAutodiscover::authenticate:
   * @self: the search
   * @auth: the #SoupAuth to authenticate
   * @retrying: whether credentials were refused already
   *
   * Asks for the user's credentials, for an https:// (or loopback) server
   * only. Return %TRUE after soup_auth_authenticate().
   */
  signals[AUTHENTICATE] = g_signal_new ("authenticate", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, g_signal_accumulator_true_handled,
                                        NULL, NULL, G_TYPE_BOOLEAN, 2, SOUP_TYPE_AUTH,
                                        G_TYPE_BOOLEAN);

  /**
   * UmAutodiscover::confirm-redirect:
   * @self: the search
   * @url: an https:// Autodiscover URL on another host
   *
   * The HTTP redirect probe or the SRV record points elsewhere: return
   * %TRUE to send the credentials there. Without a handler, it is not.
   */
  signals[CONFIRM_REDIRECT] = g_signal_new ("confirm-redirect", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0,
                                            g_signal_accumulator_true_handled, NULL, NULL,
                                            G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
}

static void
um_autodiscover_init (UmAutodiscover *self)
{
  self->session = soup_session_new_with_options ("timeout", 30, "user-agent",
                                                 "Hark/" PACKAGE_VERSION, NULL);
  soup_session_add_feature_by_type (self->session, SOUP_TYPE_AUTH_NTLM);
  self->tried = g_ptr_array_new_with_free_func (g_free);
}

UmAutodiscover *
um_autodiscover_new (void)
{
  return g_object_new (UM_TYPE_AUTODISCOVER, NULL);
}

SoupSession *
um_autodiscover_get_session (UmAutodiscover *self)
{
  g_return_val_if_fail (UM_IS_AUTODISCOVER (self), NULL);

  return self->session;
}

/**
 * um_autodiscover_set_tls_database:
 * @self: a search
 * @database: (nullable): the certificate authorities, %NULL for the system's
 */
void
um_autodiscover_set_tls_database (UmAutodiscover *self,
                                  GTlsDatabase   *database)
{
  g_autoptr(GTlsDatabase) system = NULL;

  g_return_if_fail (UM_IS_AUTODISCOVER (self));

  if (database == NULL)
    database = system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  soup_session_set_tls_database (self->session, database);
}

void
um_autodiscover_set_proxy_resolver (UmAutodiscover *self,
                                    GProxyResolver *resolver)
{
  g_return_if_fail (UM_IS_AUTODISCOVER (self));

  soup_session_set_proxy_resolver (self->session, resolver);
}

/**
 * um_autodiscover_set_resolver:
 * @self: a search
 * @resolver: (nullable): the resolver of SRV records, %NULL for the default
 */
void
um_autodiscover_set_resolver (UmAutodiscover *self,
                              GResolver      *resolver)
{
  g_return_if_fail (UM_IS_AUTODISCOVER (self));

  g_set_object (&self->resolver, resolver);
}

/**
 * um_autodiscover_get_tried:
 * @self: a search that ran
 *
 * Returns: (transfer none) (element-type utf8): each URL tried, in order,
 *   with what came of it
 */
GPtrArray *
um_autodiscover_get_tried (UmAutodiscover *self)
{
  g_return_val_if_fail (UM_IS_AUTODISCOVER (self), NULL);

  return self->tried;
}

/* A run */

typedef struct {
  char      *email;
  char      *domain;
  GPtrArray *candidates;
  guint      index;
  guint      redirects;
  GError    *worst;   /* the error to report if nothing answers */
} Run;

static void
run_free (Run *run)
{
  g_free (run->email);
  g_free (run->domain);
  g_ptr_array_unref (run->candidates);
  g_clear_error (&run->worst);
  g_free (run);
}

static void try_next (GTask *task);

static void
add_candidate (Run           *run,
               CandidateKind  kind,
               const char    *url,
               gboolean       next)
{
  Candidate *candidate = g_new0 (Candidate, 1);

  candidate->kind = kind;
  candidate->url = g_strdup (url);
  if (next)
    g_ptr_array_insert (run->candidates, run->index, candidate);
  else
    g_ptr_array_add (run->candidates, candidate);
}

static gboolean
start_for (GTask       *task,
           const char  *email)
{
  UmAutodiscover *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const char *at = email != NULL ? strrchr (email, '@') : NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *probe = NULL;

  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '/') != NULL ||
      strchr (at + 1, ':') != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "“%s” is not an e-mail address", email != NULL ? email : "");
      return FALSE;
    }

  g_free (run->email);
  run->email = g_strdup (email);
  g_free (run->domain);
  run->domain = g_ascii_strdown (at + 1, -1);
  g_ptr_array_set_size (run->candidates, 0);
  run->index = 0;

  first = g_strdup_printf ("https://%s" AUTODISCOVER_PATH, run->domain);
  second = g_strdup_printf ("https://autodiscover.%s" AUTODISCOVER_PATH, run->domain);
  probe = g_strdup_printf ("http://autodiscover.%s" AUTODISCOVER_PATH, run->domain);
  add_candidate (run, CANDIDATE_POST, first, FALSE);
  add_candidate (run, CANDIDATE_POST, second, FALSE);
  add_candidate (run, CANDIDATE_PROBE, probe, FALSE);
  add_candidate (run, CANDIDATE_SRV, run->domain, FALSE);
  g_ptr_array_add (self->tried, g_strdup_printf ("address %s", email));
  return TRUE;
}

static void
note (GTask      *task,
      const char *url,
      const char *outcome)
{
  UmAutodiscover *self = g_task_get_source_object (task);

  g_debug ("Autodiscover %s: %s", url, outcome);
  g_ptr_array_add (self->tried, g_strdup_printf ("%s: %s", url, outcome));
}

/* How much an error tells the user: a bad certificate or an insecure
 * redirect over a refused confirmation over "not there". */
static int
rank (const GError *error)
{
  if (error->domain == G_TLS_ERROR)
    return 4;
  if (g_error_matches (error, UM_ERROR, UM_ERROR_INSECURE))
    return 3;
  if (g_error_matches (error, UM_ERROR, UM_ERROR_AUTODISCOVER))
    return 2;
  return 1;
}

/* Keeps the error most worth telling. */
static void
remember (Run    *run,
          GError *error)
{
  if (run->worst == NULL || rank (error) > rank (run->worst))
    {
      g_clear_error (&run->worst);
      run->worst = error;
    }
  else
    {
      g_error_free (error);
    }
}

static gboolean
confirm (GTask      *task,
         const char *url)
{
  UmAutodiscover *self = g_task_get_source_object (task);
  gboolean accepted = FALSE;

  g_signal_emit (self, signals[CONFIRM_REDIRECT], 0, url, &accepted);
  return accepted;
}

static gboolean
redirected (GTask      *task,
            const char *url,
            gboolean    ask)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  if (++run->redirects > UM_AUTODISCOVER_MAX_REDIRECTS)
    {
      g_task_return_new_error (task, UM_ERROR, UM_ERROR_AUTODISCOVER,
                               "Autodiscover was redirected more than %d times",
                               UM_AUTODISCOVER_MAX_REDIRECTS);
      return FALSE;
    }

  if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      note (task, url, "refused: not https");
      remember (run, g_error_new (UM_ERROR, UM_ERROR_INSECURE,
                                  "Autodiscover was redirected to “%s”, which is not https", url));
      return TRUE;
    }

  if (ask && !confirm (task, url))
    {
      note (task, url, "not confirmed");
      remember (run, g_error_new (UM_ERROR, UM_ERROR_AUTODISCOVER,
                                  "Autodiscover was redirected to “%s”, which was not "
                                  "confirmed", url));
      return TRUE;
    }

  add_candidate (run, CANDIDATE_POST, url, TRUE);
  return TRUE;
}

static gboolean
message_authenticate_cb (SoupMessage *message,
                         SoupAuth    *auth,
                         gboolean     retrying,
                         gpointer     user_data)
{
  GTask *task = user_data;
  UmAutodiscover *self = g_task_get_source_object (task);
  g_autofree char *url = g_uri_to_string_partial (soup_message_get_uri (message),
                                                  G_URI_HIDE_PASSWORD);
  gboolean handled = FALSE;

  /* Credentials for https (or loopback) only, never to a proxy. */
  if (soup_auth_is_for_proxy (auth) || !um_client_check_url (url, NULL))
    return FALSE;

  g_signal_emit (self, signals[AUTHENTICATE], 0, auth, retrying, &handled);
  return handled;
}

static void
posted_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (message));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(UmAutodiscoverResult) settings = NULL;
  g_autofree char *redirect_addr = NULL;
  g_autofree char *redirect_url = NULL;
  GError *error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      note (task, url, error->message);
      remember (run, error);
      try_next (g_steal_pointer (&task));
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* Refused here, refused everywhere. */
      note (task, url, "credentials refused");
      g_task_return_new_error (task, UM_ERROR, UM_ERROR_AUTH_FAILED,
                               "The server refused the user name or password");
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (message), "Location");
      g_autoptr(GUri) target = location != NULL
        ? g_uri_parse_relative (soup_message_get_uri (message), location, SOUP_HTTP_URI_FLAGS,
                                NULL)
        : NULL;
      g_autofree char *target_url = target != NULL ? g_uri_to_string (target) : NULL;

      note (task, url, "redirected");
      if (target_url != NULL &&
          !redirected (task, target_url,
                       g_strcmp0 (g_uri_get_host (target),
                                  g_uri_get_host (soup_message_get_uri (message))) != 0))
        return;
      try_next (g_steal_pointer (&task));
      return;
    }

  if (status != SOUP_STATUS_OK || g_bytes_get_size (body) > MAX_ANSWER_SIZE)
    {
      g_autofree char *outcome = g_strdup_printf ("HTTP %u", status);

      note (task, url, outcome);
      remember (run, g_error_new (UM_ERROR, UM_ERROR_HTTP, "%s answered HTTP %u", url, status));
      try_next (g_steal_pointer (&task));
      return;
    }

  settings = um_autodiscover_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                    &redirect_addr, &redirect_url, &error);
  if (settings != NULL)
    {
      note (task, url, "settings");
      if (settings->email == NULL)
        settings->email = g_strdup (run->email);
      settings->found_at = g_strdup (url);
      g_task_return_pointer (task, g_steal_pointer (&settings),
                             (GDestroyNotify)um_autodiscover_result_free);
      return;
    }

  if (redirect_addr != NULL)
    {
      note (task, url, "redirectAddr");
      if (++run->redirects > UM_AUTODISCOVER_MAX_REDIRECTS)
        {
          g_task_return_new_error (task, UM_ERROR, UM_ERROR_AUTODISCOVER,
                                   "Autodiscover was redirected more than %d times",
                                   UM_AUTODISCOVER_MAX_REDIRECTS);
          return;
        }
      if (start_for (task, redirect_addr))
        try_next (g_steal_pointer (&task));
      return;
    }

  if (redirect_url != NULL)
    {
      g_autoptr(GUri) target = g_uri_parse (redirect_url, SOUP_HTTP_URI_FLAGS, NULL);

      note (task, url, "redirectUrl");
      if (!redirected (task, redirect_url,
                       target == NULL ||
                       g_strcmp0 (g_uri_get_host (target),
                                  g_uri_get_host (soup_message_get_uri (message))) != 0))
        return;
      try_next (g_steal_pointer (&task));
      return;
    }

  note (task, url, error->message);
  remember (run, error);
  try_next (g_steal_pointer (&task));
}

static void
restarted_cb (SoupMessage *message,
              gpointer     user_data)
{
  soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", user_data);
}

static void
post (GTask      *task,
      const char *url)
{
  UmAutodiscover *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *escaped = g_markup_escape_text (run->email, -1);
  g_autofree char *xml = NULL;
  GError *error = NULL;

  if (!um_client_check_url (url, &error))
    {
      note (task, url, error->message);
      remember (run, error);
      try_next (task);
      return;
    }

  message = soup_message_new ("POST", url);
  if (message == NULL)
    {
      note (task, url, "not a URL");
      try_next (task);
      return;
    }

  xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                         "<Autodiscover xmlns=\"" UM_NS_AUTODISCOVER_REQUEST "\">"
                         "<Request><EMailAddress>%s</EMailAddress>"
                         "<AcceptableResponseSchema>" UM_NS_AUTODISCOVER_OUTLOOK
                         "</AcceptableResponseSchema></Request></Autodiscover>",
                         escaped);
  body = g_bytes_new (xml, strlen (xml));

  /* Redirects are looked at, not followed: they may lead anywhere. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", body);
  /* libsoup 3.2 loses the body when a 401 restarts the message. */
  g_signal_connect_data (message, "restarted", G_CALLBACK (restarted_cb), g_bytes_ref (body),
                         (GClosureNotify)(void (*) (void))g_bytes_unref, 0);
  g_signal_connect_data (message, "authenticate", G_CALLBACK (message_authenticate_cb),
                         g_object_ref (task), (GClosureNotify)(void (*) (void))g_object_unref,
                         0);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), posted_cb, task);
}

static void
probed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (message));
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      note (task, url, error->message);
      remember (run, error);
      try_next (g_steal_pointer (&task));
      return;
    }

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (message), "Location");
      g_autoptr(GUri) target = location != NULL
        ? g_uri_parse_relative (soup_message_get_uri (message), location, SOUP_HTTP_URI_FLAGS,
                                NULL)
        : NULL;
      g_autofree char *target_url = target != NULL ? g_uri_to_string (target) : NULL;

      note (task, url, "redirected");
      /* Always asked: this answer came over plain HTTP. */
      if (target_url != NULL && !redirected (task, target_url, TRUE))
        return;
    }
  else
    {
      g_autofree char *outcome = g_strdup_printf ("HTTP %u, no redirect", status);

      note (task, url, outcome);
    }
  try_next (g_steal_pointer (&task));
}

static void
probe (GTask      *task,
       const char *url)
{
  UmAutodiscover *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);

  if (message == NULL)
    {
      try_next (task);
      return;
    }

  /* No credentials over plain HTTP: no authenticate handler at all. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), probed_cb, task);
}

static void
srv_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *targets;
  g_autofree char *name = g_strdup_printf ("_autodiscover._tcp.%s", run->domain);

  targets = g_resolver_lookup_service_finish (G_RESOLVER (object), result, &error);
  if (targets == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      note (task, name, error->message);
      try_next (g_steal_pointer (&task));
      return;
    }

  /* Sorted by priority and weight already: the first one. */
  {
    GSrvTarget *target = targets->data;
    guint16 port = g_srv_target_get_port (target);
    g_autofree char *url = port == 443
      ? g_strdup_printf ("https://%s" AUTODISCOVER_PATH, g_srv_target_get_hostname (target))
      : g_strdup_printf ("https://%s:%u" AUTODISCOVER_PATH, g_srv_target_get_hostname (target),
                         port);

    note (task, name, url);
    g_resolver_free_targets (targets);
    if (!redirected (task, url, TRUE))
      return;
  }
  try_next (g_steal_pointer (&task));
}

/* Takes @task. */
static void
try_next (GTask *task)
{
  UmAutodiscover *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Candidate *candidate;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (run->index >= run->candidates->len)
    {
      /* A certificate problem or an insecure redirect is the user's to
       * act on: said as such. */
      if (run->worst != NULL && (run->worst->domain == G_TLS_ERROR ||
                                 g_error_matches (run->worst, UM_ERROR, UM_ERROR_INSECURE)))
        g_task_return_error (task, g_steal_pointer (&run->worst));
      else if (run->worst != NULL)
        g_task_return_new_error (task, UM_ERROR, UM_ERROR_AUTODISCOVER,
                                 "No Exchange server was found for %s: %s", run->email,
                                 run->worst->message);
      else
        g_task_return_new_error (task, UM_ERROR, UM_ERROR_AUTODISCOVER,
                                 "No Exchange server was found for %s", run->email);
      g_object_unref (task);
      return;
    }

  candidate = g_ptr_array_index (run->candidates, run->index++);
  switch (candidate->kind)
    {
    case CANDIDATE_POST:
      post (task, candidate->url);
      break;

    case CANDIDATE_PROBE:
      probe (task, candidate->url);
      break;

    case CANDIDATE_SRV:
    default:
      {
        g_autoptr(GResolver) resolver = self->resolver != NULL ? g_object_ref (self->resolver)
                                                                : g_resolver_get_default ();

        g_resolver_lookup_service_async (resolver, "autodiscover", "tcp", candidate->url,
                                         g_task_get_cancellable (task), srv_cb, task);
      }
      break;
    }
}

/**
 * um_autodiscover_run_async:
 * @self: a search
 * @email: the user's e-mail address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Finds the EWS and UM endpoints of @email's mailbox.
 * um_autodiscover_get_tried() lists afterwards what was tried.
 */
void
um_autodiscover_run_async (UmAutodiscover      *self,
                           const char          *email,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (UM_IS_AUTODISCOVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, um_autodiscover_run_async);
  run = g_new0 (Run, 1);
  run->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)candidate_free);
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
  g_ptr_array_set_size (self->tried, 0);

  if (!start_for (task, email))
    {
      g_object_unref (task);
      return;
    }
  try_next (task);
}

/**
 * um_autodiscover_run_finish:
 *
 * Returns: (transfer full): the endpoints
 */
UmAutodiscoverResult *
um_autodiscover_run_finish (UmAutodiscover  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
