/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "report_azure.h"
#include "report_util.h"

#include <string.h>

json_t *report_azure_json(const xp_result_t *r)
{
	json_t *o, *dis;

	if (!r->azure.read)
		return NULL;
	dis = json_array();
	for (size_t i = 0; i < r->azure.n_disagreements; i++)
		json_array_append_new(dis, json_string(r->azure.disagreements[i]));
	o = json_pack("{s:s,s:s,s:s,s:s,s:{s:I,s:I},s:{s:I,s:I},s:I,s:s,s:s,s:{s:I,s:I},s:o}",
				  "connection", r->azure.connection, "error", r->azure.error,
				  "connection_status", r->azure.connection_status,
				  "tunnel_status", r->azure.tunnel_status,
				  "bytes_before", "ingress", (json_int_t)r->azure.ingress_before,
				  "egress", (json_int_t)r->azure.egress_before,
				  "bytes_after", "ingress", (json_int_t)r->azure.ingress_bytes,
				  "egress", (json_int_t)r->azure.egress_bytes,
				  "ike_sas", (json_int_t)r->azure.n_ike_sas,
				  "ike_proposal", r->azure.ike_proposal,
				  "esp_proposal", r->azure.esp_proposal,
				  "esp_bytes", "inbound", (json_int_t)r->azure.esp_in_bytes,
				  "outbound", (json_int_t)r->azure.esp_out_bytes,
				  "disagreements", dis);
	return o;
}

void report_azure_summary(const xp_result_t *r, FILE *out)
{
	if (!r->azure.read)
		return;
	if (r->azure.error[0])
	{
		fprintf(out, "  azure view     not read: %s\n", r->azure.error);
		return;
	}
	fprintf(out, "  azure view     %s, %zu IKE SA%s%s%s, bytes in %llu -> %llu, out %llu -> "
			"%llu\n", r->azure.connection_status[0] ? r->azure.connection_status : "no status",
			r->azure.n_ike_sas, r->azure.n_ike_sas == 1 ? "" : "s",
			r->azure.ike_proposal[0] ? ", IKE " : "", r->azure.ike_proposal,
			(unsigned long long)r->azure.ingress_before,
			(unsigned long long)r->azure.ingress_bytes,
			(unsigned long long)r->azure.egress_before,
			(unsigned long long)r->azure.egress_bytes);
	for (size_t i = 0; i < r->azure.n_disagreements; i++)
		fprintf(out, "  DISAGREE       %s\n", r->azure.disagreements[i]);
}

static void report_azure_html_text(FILE *f, const char *s)
{
	report_util_xml(f, s);
}

static void report_azure_html_row(FILE *f, const char *name, const char *ours,
								  const char *azure, bool differ)
{
	fprintf(f, "<tr><th>%s</th><td>", name);
	report_azure_html_text(f, ours);
	fprintf(f, "</td><td class=\"%s\">", differ ? "bad" : "ok");
	report_azure_html_text(f, azure);
	fputs("</td></tr>\n", f);
}

void report_azure_html(const xp_result_t *r, FILE *f)
{
	char a[96], b[96];

	if (!r->azure.read)
		return;
	fputs("<section id=\"azure\"><h2>Azure's view</h2>\n<p>", f);
	report_azure_html_text(f, r->azure.connection);
	fputs("</p>\n", f);
	if (r->azure.error[0])
	{
		fputs("<p class=\"bad\">not read: ", f);
		report_azure_html_text(f, r->azure.error);
		fputs("</p></section>\n", f);
		return;
	}
	fputs("<table>\n<tr><th></th><th>ours</th><th>Azure</th></tr>\n", f);
	report_azure_html_row(f, "state", r->tunnel.established ? "established" : "down",
						  r->azure.connection_status, r->tunnel.established !=
						  !strcmp(r->azure.connection_status, "Connected"));
	report_azure_html_row(f, "IKE proposal", r->tunnel.ike_proposal, r->azure.ike_proposal,
						  strcmp(r->tunnel.ike_proposal, r->azure.ike_proposal) != 0);
	report_azure_html_row(f, "ESP proposal", r->tunnel.esp_proposal, r->azure.esp_proposal,
						  strcmp(r->tunnel.esp_proposal, r->azure.esp_proposal) != 0);
	snprintf(a, sizeof(a), "%zu", r->tunnel.established ? (size_t)1 : (size_t)0);
	snprintf(b, sizeof(b), "%zu", r->azure.n_ike_sas);
	report_azure_html_row(f, "IKE SAs", a, b, r->tunnel.established && !r->azure.n_ike_sas);
	snprintf(b, sizeof(b), "in %llu &rarr; %llu B, out %llu &rarr; %llu B",
			 (unsigned long long)r->azure.ingress_before,
			 (unsigned long long)r->azure.ingress_bytes,
			 (unsigned long long)r->azure.egress_before,
			 (unsigned long long)r->azure.egress_bytes);
	fputs("<tr><th>bytes</th><td></td><td>", f);
	fputs(b, f);
	fputs("</td></tr>\n</table>\n", f);
	for (size_t i = 0; i < r->azure.n_disagreements; i++)
	{
		fputs("<p class=\"bad\">disagree: ", f);
		report_azure_html_text(f, r->azure.disagreements[i]);
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
}
