/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "metrics_http.h"

#include <arpa/inet.h>
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
};

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

static bool metrics_http_parse(const char *listen, struct sockaddr_in *sin, char *err,
							   size_t errlen)
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
	/* the endpoint has no authentication: keep it on loopback */
	if ((ntohl(sin->sin_addr.s_addr) >> 24) != 127)
	{
		snprintf(err, errlen, "--metrics: %s is not a loopback address (127.0.0.0/8); put a "
				 "reverse proxy in front to expose it", host);
		return false;
	}
	sin->sin_port = htons((uint16_t)port);
	return true;
}

metrics_http_t *metrics_http_start(const char *listen, char *err, size_t errlen)
{
	struct sockaddr_in sin;
	metrics_http_t *this;

	if (!metrics_http_parse(listen, &sin, err, errlen))
		return NULL;
	this = calloc(1, sizeof(*this));
	if (!this)
		return NULL;
	pthread_mutex_init(&this->lock, NULL);
	this->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
									metrics_http_answer, this,
									MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
									MHD_OPTION_CONNECTION_LIMIT, 16,
									MHD_OPTION_CONNECTION_TIMEOUT, 10, MHD_OPTION_END);
	if (!this->daemon)
	{
		snprintf(err, errlen, "--metrics: cannot listen on %s (in use?)", listen);
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
