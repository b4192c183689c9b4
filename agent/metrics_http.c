/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "metrics_http.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

struct metrics_http_t {
	struct MHD_Daemon *daemon;
	pthread_mutex_t lock;
	/** the latest exposition text, replaced whole by metrics_http_set() */
	char *text;
	/** TLS and basic auth, NULL for plain HTTP on loopback */
	const metrics_web_config_t *web;
};

/* A client certificate that verifies against client_ca_file, when the config wants one. */
static bool metrics_http_client_ok(metrics_http_t *this, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info;
	unsigned status = 1;

	if (!this->web || !this->web->client_ca_pem)
		return true;
	info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (!info || !info->tls_session ||
		!gnutls_certificate_get_peers((gnutls_session_t)info->tls_session, &(unsigned){ 0 }))
		return false;
	return gnutls_certificate_verify_peers2((gnutls_session_t)info->tls_session,
											&status) == 0 && status == 0;
}

/* Basic auth against the config's bcrypt hashes; true when none are configured. */
static bool metrics_http_user_ok(metrics_http_t *this, struct MHD_Connection *conn)
{
	char *user, *password = NULL;
	bool ok;

	if (!this->web || !this->web->n_users)
		return true;
	user = MHD_basic_auth_get_username_password(conn, &password);
	ok = metrics_web_config_check(this->web, user, password);
	if (password)
		explicit_bzero(password, strlen(password));
	MHD_free(user);
	MHD_free(password);
	return ok;
}

static enum MHD_Result metrics_http_refuse(struct MHD_Connection *conn, bool auth)
{
	static const char msg[] = "unauthorized\n";
	struct MHD_Response *response;
	enum MHD_Result ret;

	response = MHD_create_response_from_buffer(strlen(msg), (void *)msg,
											   MHD_RESPMEM_PERSISTENT);
	ret = auth ? MHD_queue_basic_auth_fail_response(conn, "crosspeer", response)
			   : MHD_queue_response(conn, MHD_HTTP_FORBIDDEN, response);
	MHD_destroy_response(response);
	return ret;
}

static enum MHD_Result metrics_http_answer(void *cls, struct MHD_Connection *conn,
										   const char *url, const char *method,
										   const char *version, const char *upload,
										   size_t *upload_size, void **ctx)
{
	metrics_http_t *this = cls;
	struct MHD_Response *response;
	enum MHD_Result ret;
	unsigned status = MHD_HTTP_OK;
	char *body;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)ctx;
	if (!metrics_http_client_ok(this, conn))
		return metrics_http_refuse(conn, false);
	if (!metrics_http_user_ok(this, conn))
		return metrics_http_refuse(conn, true);
	pthread_mutex_lock(&this->lock);
	body = strdup(this->text ? this->text : "# no verify cycle has finished yet\n");
	pthread_mutex_unlock(&this->lock);
	if (strcmp(method, "GET") || strcmp(url, "/metrics"))
	{
		free(body);
		body = strdup("only GET /metrics is served\n");
		status = MHD_HTTP_NOT_FOUND;
	}
	if (!body)
		return MHD_NO;
	response = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(response, "Content-Type", "text/plain; version=0.0.4");
	ret = MHD_queue_response(conn, status, response);
	MHD_destroy_response(response);
	return ret;
}

static bool metrics_http_parse(const char *listen, bool open, struct sockaddr_in *sin,
							   char *err, size_t errlen)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	long port = colon ? strtol(colon + 1, NULL, 10) : 0;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host) || port < 1 || port > 65535)
	{
		snprintf(err, errlen, "--metrics: expected ADDR:PORT such as 127.0.0.1:9862");
		return false;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
	{
		snprintf(err, errlen, "--metrics: '%s' is not an IPv4 address", host);
		return false;
	}
	/* without TLS and authentication the endpoint stays on loopback */
	if (!open && (ntohl(sin->sin_addr.s_addr) >> 24) != 127)
	{
		snprintf(err, errlen, "--metrics: %s is not a loopback address (127.0.0.0/8); give "
				 "--metrics-web-config with TLS and basic auth to expose it", host);
		return false;
	}
	sin->sin_port = htons((uint16_t)port);
	return true;
}

/* MHD's TLS options from the web config: key and certificate in memory, the minimum
 * version as a GnuTLS priority string, the client CA when clients must show certificates. */
static unsigned metrics_http_tls(const metrics_web_config_t *web, struct MHD_OptionItem *o)
{
	unsigned n = 0;

	if (!web || !web->cert_pem)
		return 0;
	o[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, web->key_pem };
	o[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, web->cert_pem };
	o[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
									  (void *)web->priorities };
	if (web->client_ca_pem)
		o[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_TRUST, 0, web->client_ca_pem };
	return n;
}

metrics_http_t *metrics_http_start(const char *listen, const metrics_web_config_t *web,
								   char *err, size_t errlen)
{
	struct MHD_OptionItem tls[5];
	struct sockaddr_in sin;
	metrics_http_t *this;
	unsigned n_tls = metrics_http_tls(web, tls);
	bool open = web && web->cert_pem && web->n_users;

	if (!metrics_http_parse(listen, open, &sin, err, errlen))
		return NULL;
	if (n_tls && !MHD_is_feature_supported(MHD_FEATURE_TLS))
	{
		snprintf(err, errlen, "--metrics-web-config: this libmicrohttpd has no TLS support");
		return NULL;
	}
	tls[n_tls] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	this = calloc(1, sizeof(*this));
	if (!this)
		return NULL;
	pthread_mutex_init(&this->lock, NULL);
	this->web = web;
	this->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | (n_tls ? MHD_USE_TLS : 0),
									0, NULL, NULL, metrics_http_answer, this,
									MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
									MHD_OPTION_CONNECTION_LIMIT, 16,
									MHD_OPTION_CONNECTION_TIMEOUT, 10,
									MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
	if (!this->daemon)
	{
		snprintf(err, errlen, "--metrics: cannot listen on %s (in use? %s)", listen,
				 n_tls ? "or the TLS key and certificate do not match" : "");
		metrics_http_stop(this);
		return NULL;
	}
	return this;
}

void metrics_http_set(metrics_http_t *this, char *text)
{
	char *old;

	pthread_mutex_lock(&this->lock);
	old = this->text;
	this->text = text;
	pthread_mutex_unlock(&this->lock);
	free(old);
}

void metrics_http_stop(metrics_http_t *this)
{
	if (!this)
		return;
	if (this->daemon)
		MHD_stop_daemon(this->daemon);
	pthread_mutex_destroy(&this->lock);
	free(this->text);
	free(this);
}
