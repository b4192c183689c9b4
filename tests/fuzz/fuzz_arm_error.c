/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * libFuzzer target: what an ARM or Entra ID error answer puts in front of the ARM client
 * (azure/arm_client.c): the response headers it reads (Retry-After,
 * Azure-AsyncOperation, Location, x-ms-request-id) and the error envelope
 * ({"error":{"code","message","target"}} or AAD's {"error","error_description"}).
 *
 * A body that is JSON also goes through what arm_lro.c reads from a long-running
 * operation's answers (provisioningState, a Failed/Canceled status with its error).
 *
 * Those parsers are static (arm_client_header(), arm_client_write(), arm_client_envelope(),
 * arm_lro_state(), arm_lro_failed()), so the target includes the source files, as wireguard-tools' fuzz/ does; nothing in
 * azure/ is changed for it.
 *
 * Input: an optional status line "HTTP/1.1 NNN", header lines, an empty line, then the
 * body, fed to the callbacks as curl would (headers one line at a time, not terminated;
 * the body in chunks).
 */

#include "../../azure/arm_client.c"
#include "../../azure/arm_lro.c"

static size_t fuzz_arm_line_end(const uint8_t *data, size_t size, size_t from)
{
	while (from < size && data[from] != '\n')
		from++;
	return from < size ? from + 1 : size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arm_response_t resp = { .retry_after = -1 };
	arm_sink_t sink = { .resp = &resp };
	arm_error_t err = { 0 };
	char text[2048];
	long status = 500;
	size_t at = 0;
	int code;

	/* the input is not NUL-terminated: copy the status digits before parsing them */
	if (size >= 12 && !memcmp(data, "HTTP/1.1 ", 9))
	{
		char digits[4] = { (char)data[9], (char)data[10], (char)data[11], '\0' };

		if (sscanf(digits, "%3d", &code) == 1 && code >= 100 && code <= 599)
			status = code;
	}
	/* header lines until an empty one, each in a buffer of its exact length */
	while (at < size)
	{
		size_t end = fuzz_arm_line_end(data, size, at);
		char *line = malloc(end - at ? end - at : 1);

		if (!line)
			return 0;
		memcpy(line, data + at, end - at);
		if (arm_client_header(line, 1, end - at, &sink) != end - at)
			abort();
		free(line);
		if (end - at <= 2 && (data[at] == '\n' || data[at] == '\r'))
		{
			at = end;
			break;
		}
		at = end;
	}
	/* the body in chunks of up to 7 octets, as curl hands over whatever arrived */
	while (at < size)
	{
		size_t n = size - at < 7 ? size - at : 7;
		char chunk[7];

		memcpy(chunk, data + at, n);
		if (arm_client_write(chunk, 1, n, &sink) != n)
			abort();
		at += n;
	}
	arm_client_envelope(&sink, status, &err);
	arm_error_format(&err, text, sizeof(text));
	if (sink.body)
	{
		json_t *doc = json_loads(sink.body, 0, NULL);
		const char *st = json_string_value(json_object_get(doc, "status"));
		arm_error_t lerr = { 0 };

		(void)arm_lro_terminal(arm_lro_state(doc));
		if (st && arm_lro_terminal(st) && strcasecmp(st, "Succeeded"))
			arm_lro_failed(doc, st, &lerr);
		arm_error_format(&lerr, text, sizeof(text));
		json_decref(doc);
	}
	if (strlen(err.code) >= sizeof(err.code) || strlen(err.message) >= sizeof(err.message))
		abort();
	arm_client_free_body(&sink);
	return 0;
}
