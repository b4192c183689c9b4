/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * report.html: one self-contained page (inline CSS and SVG, no script, no external resource)
 * that opens offline: the verdict on top, then tunnel and IKE timeline, one section per probe
 * target with its RTT-over-time and RTT-distribution charts, the path figures, every check.
 */

#include "report.h"
#include "report_azure.h"
#include "report_svg.h"
#include "report_util.h"

#include <math.h>

static const char report_html_css[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1f2937;"
	"background:#f3f4f6}\n"
	"main{max-width:1000px;margin:0 auto;padding:16px}\n"
	"header.verdict{padding:18px 24px;color:#fff;border-radius:8px;margin-bottom:16px}\n"
	"header.pass{background:#15803d}header.fail{background:#b91c1c}\n"
	"header.none{background:#6b7280}\n"
	"header h1{margin:0;font-size:30px}header p{margin:6px 0 0}\n"
	"header ul{margin:10px 0 0;padding-left:20px}\n"
	"section{background:#fff;border-radius:8px;padding:12px 20px;margin-bottom:16px;"
	"box-shadow:0 1px 2px rgba(0,0,0,.08)}\n"
	"h2{font-size:20px;margin:6px 0 10px}h3{font-size:16px;margin:14px 0 6px}\n"
	"table{border-collapse:collapse;margin:6px 0}td,th{padding:3px 12px 3px 0;text-align:left;"
	"font-variant-numeric:tabular-nums}th{color:#4b5563;font-weight:600}\n"
	"table.probes td,table.probes th{padding:3px 8px 3px 0;font-size:13px;text-align:right}\n"
	"table.probes td:first-child,table.probes th:first-child,table.probes td:nth-child(2),"
	"table.probes th:nth-child(2){text-align:left}\n.note{color:#6b7280;font-size:12px;margin:0}\n"
	"td.ok{color:#15803d;font-weight:600}td.bad{color:#b91c1c;font-weight:600}\n"
	"svg.chart{display:block;margin:8px 0;font-size:12px}\n"
	".tick{fill:#6b7280;font-size:11px}.axis{fill:#374151;font-size:12px}\n"
	".legend{fill:#374151;font-size:12px}.lost-key{fill:#dc2626;font-weight:700}\n"
	".empty{fill:#9ca3af;font-size:16px}\n"
	"polyline.rtt{fill:none;stroke:#2563eb;stroke-width:1.2}\n"
	"line.lost{stroke:#dc2626;stroke-width:1.5}\n"
	"polyline.cdf{fill:none;stroke:#7c3aed;stroke-width:2}\n"
	"line.marker{stroke:#f59e0b;stroke-dasharray:4 3}\n"
	"polyline.p50{fill:none;stroke:#2563eb;stroke-width:1.5}"
	"polyline.p99{fill:none;stroke:#f59e0b;stroke-width:1.5}\n"
	".p50-key{fill:#2563eb;font-weight:700}.p99-key{fill:#d97706;font-weight:700}\n"
	"line.stem{stroke:#9ca3af;stroke-dasharray:2 2}.evlabel{font-size:12px;fill:#111827}\n"
	".ev-setup circle{fill:#2563eb}.ev-bad circle{fill:#dc2626}.ev-other circle{fill:#f59e0b}\n"
	"footer{color:#6b7280;font-size:12px;text-align:center;padding:8px}\n";

/** Escaped text. */
static void report_html_text(FILE *f, const char *s)
{
	report_util_xml(f, s);
}

/** A table row "name | value unit"; value "n/a" when not measured. */
static void report_html_row(FILE *f, const char *name, double v, int decimals, const char *unit)
{
	char num[32];

	report_util_num(num, sizeof(num), v, decimals);
	fprintf(f, "<tr><th>%s</th><td>%s%s%s</td></tr>\n", name, num,
			isfinite(v) && unit[0] ? " " : "", isfinite(v) ? unit : "");
}

static void report_html_verdict(FILE *f, const xp_result_t *r)
{
	const char *cls = !r->verdict.evaluated ? "none" : r->verdict.pass ? "pass" : "fail";
	char started[40], dur[32];

	report_util_utc(r->run.started_ms, started, sizeof(started));
	report_util_num(dur, sizeof(dur), r->run.duration_ms / 1000.0, 1);
	fprintf(f, "<header class=\"verdict %s\"><h1>%s</h1><p>profile <b>", cls,
			!r->verdict.evaluated ? "NOT EVALUATED" : r->verdict.pass ? "PASS" : "FAIL");
	report_html_text(f, r->run.profile);
	fprintf(f, "</b> &middot; %zu checks, %zu failed &middot; started %s &middot; %s s</p>\n",
			r->verdict.n_checks, xp_result_failures(r), started[0] ? started : "n/a", dur);
	if (xp_result_failures(r))
	{
		fputs("<ul>\n", f);
		for (size_t i = 0; i < r->verdict.n_checks; i++)
		{
			if (r->verdict.checks[i].pass)
				continue;
			fputs("<li>", f);
			report_html_text(f, r->verdict.checks[i].message);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("</header>\n", f);
}

static void report_html_tunnel(FILE *f, const xp_result_t *r)
{
	const xp_tunnel_result_t *t = &r->tunnel;

	fprintf(f, "<section id=\"tunnel\"><h2>Tunnel</h2><table>\n<tr><th>state</th>"
			"<td class=\"%s\">%s</td></tr>\n", t->established ? "ok" : "bad",
			t->established ? "established" : "not established");
	if (t->lost_cause[0])
	{
		fputs("<tr><th>lost</th><td class=\"bad\">", f);
		report_html_text(f, t->lost_cause);
		fputs("</td></tr>\n", f);
		report_html_row(f, "lost at", t->lost_ms, 1, "ms");
	}
	if (t->reason[0])
	{
		fputs("<tr><th>reason</th><td>", f);
		report_html_text(f, t->reason);
		fputs("</td></tr>\n", f);
	}
	fputs("<tr><th>IKE proposal</th><td>", f);
	report_html_text(f, t->ike_proposal[0] ? t->ike_proposal : "n/a");
	fputs("</td></tr>\n<tr><th>ESP proposal</th><td>", f);
	report_html_text(f, t->esp_proposal[0] ? t->esp_proposal : "n/a");
	fputs("</td></tr>\n", f);
	report_html_row(f, "setup", t->setup_ms, 1, "ms");
	report_html_row(f, "first probe reply", t->first_reply_ms, 1, "ms");
	report_html_row(f, "IKE retransmits", t->retransmits, 0, "");
	fputs("</table>\n<h3>IKE timeline</h3>\n", f);
	report_svg_timeline(f, t);
	fputs("</section>\n", f);
}

/** One cell with a number ("n/a" when not measured). */
static void report_html_cell(FILE *f, double v, int decimals)
{
	char num[32];

	report_util_num(num, sizeof(num), v, decimals);
	fprintf(f, "<td>%s</td>", num);
}

/** One table row per target: the figures; the charts follow below the table. */
static void report_html_probe_table(FILE *f, const xp_result_t *r)
{
	fputs("<table class=\"probes\">\n<tr><th>target</th><th>kind</th><th>sent</th>"
		  "<th>recv</th><th>loss %</th><th>min</th><th>p50</th><th>p90</th><th>p99</th>"
		  "<th>p99.9</th><th>max</th><th>mean</th><th>stddev</th><th>jitter</th>"
		  "<th>reord.</th><th>dup.</th><th>late</th></tr>\n", f);
	for (size_t i = 0; i < r->n_probes; i++)
	{
		const xp_probe_result_t *p = &r->probes[i];
		const double rtt[] = { p->rtt_ms.min, p->rtt_ms.p50, p->rtt_ms.p90, p->rtt_ms.p99,
							   p->rtt_ms.p999, p->rtt_ms.max, p->rtt_ms.mean,
							   p->rtt_ms.stddev };

		fputs("<tr><td>", f);
		report_html_text(f, p->target);
		fputs("</td><td>", f);
		report_html_text(f, p->kind);
		fputs("</td>", f);
		report_html_cell(f, (double)p->sent, 0);
		report_html_cell(f, (double)p->received, 0);
		report_html_cell(f, p->loss_pct, 3);
		for (size_t k = 0; k < sizeof(rtt) / sizeof(rtt[0]); k++)
			report_html_cell(f, rtt[k], 3);
		report_html_cell(f, p->jitter_ms, 3);
		report_html_cell(f, (double)p->reordered, 0);
		report_html_cell(f, (double)p->duplicates, 0);
		report_html_cell(f, (double)p->late, 0);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<p class=\"note\">RTT and jitter in ms.</p>\n", f);
}

static void report_html_probe(FILE *f, const xp_probe_result_t *p)
{
	fputs("<h3>", f);
	report_html_text(f, p->target);
	fputs(" (", f);
	report_html_text(f, p->kind);
	fputs("): RTT over time</h3>\n", f);
	report_svg_rtt_series(f, p);
	fputs("<h3>", f);
	report_html_text(f, p->target);
	fputs(": RTT distribution</h3>\n", f);
	report_svg_rtt_cdf(f, p);
}

static void report_html_path(FILE *f, const xp_result_t *r)
{
	fputs("<section id=\"path\"><h2>Path</h2><table>\n", f);
	report_html_row(f, "path MTU (inner)", r->pmtu.inner, 0, "bytes");
	report_html_row(f, "ESP overhead", r->pmtu.esp_overhead, 0, "bytes");
	report_html_row(f, "TCP MSS", r->pmtu.mss, 0, "bytes");
	report_html_row(f, "throughput up", r->throughput_mbps.up, 2, "Mbit/s");
	report_html_row(f, "throughput down", r->throughput_mbps.down, 2, "Mbit/s");
	if (r->encapsulation.checked)
	{
		report_html_row(f, "ESP packets captured", (double)r->encapsulation.esp_packets, 0, "");
		report_html_row(f, "plaintext leaks", (double)r->encapsulation.plaintext_leaks, 0, "");
	}
	else
		fputs("<tr><th>encapsulation</th><td>not checked</td></tr>\n", f);
	fputs("</table></section>\n", f);
}

static void report_html_checks(FILE *f, const xp_result_t *r)
{
	fputs("<section id=\"checks\"><h2>Checks</h2><table>\n"
		  "<tr><th>result</th><th>check</th><th>detail</th></tr>\n", f);
	for (size_t i = 0; i < r->verdict.n_checks; i++)
	{
		const xp_check_t *c = &r->verdict.checks[i];

		fprintf(f, "<tr><td class=\"%s\">%s</td><td>", c->pass ? "ok" : "bad",
				c->pass ? "pass" : "FAIL");
		report_html_text(f, c->check);
		fputs("</td><td>", f);
		report_html_text(f, c->message);
		fputs("</td></tr>\n", f);
	}
	fputs("</table></section>\n", f);
}

/** The trend over the baseline store the report was written with. */
static void report_html_trend(FILE *f, const baseline_trend_t *trends, size_t n,
							  const char *store)
{
	fputs("<section id=\"trend\"><h2>Trend</h2>\n<p class=\"note\">p50 and p99 RTT of each run "
		  "in the baseline store ", f);
	report_html_text(f, store);
	fprintf(f, " (at most %d points per target, evenly spaced).</p>\n", BASELINE_TREND_POINTS);
	for (size_t i = 0; i < n; i++)
	{
		fputs("<h3>", f);
		report_html_text(f, trends[i].target);
		fputs(" (", f);
		report_html_text(f, trends[i].kind);
		fputs("): RTT over the stored runs</h3>\n", f);
		report_svg_trend(f, &trends[i]);
	}
	fputs("</section>\n", f);
}

char *report_html_build(const xp_result_t *r)
{
	return report_html_build_trend(r, NULL, 0, NULL);
}

char *report_html_build_trend(const xp_result_t *r, const baseline_trend_t *trends, size_t n,
							  const char *store)
{
	report_util_text_t t;

	if (!report_util_begin(&t))
		return NULL;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		  "<meta name=\"viewport\" content=\"width=device-width\">\n<title>crosspeer report: ",
		  t.f);
	report_html_text(t.f, r->run.profile);
	fprintf(t.f, "</title>\n<style>\n%s</style></head><body><main>\n", report_html_css);
	report_html_verdict(t.f, r);
	report_html_tunnel(t.f, r);
	fputs("<section id=\"probes\"><h2>Probes</h2>\n", t.f);
	if (!r->n_probes)
		fputs("<p>No probe ran.</p>\n", t.f);
	else
		report_html_probe_table(t.f, r);
	for (size_t i = 0; i < r->n_probes; i++)
		report_html_probe(t.f, &r->probes[i]);
	fputs("</section>\n", t.f);
	if (store)
		report_html_trend(t.f, trends, n, store);
	report_html_path(t.f, r);
	report_azure_html(r, t.f);
	report_html_checks(t.f, r);
	fputs("<footer>crosspeer ", t.f);
	report_html_text(t.f, r->run.crosspeer_version);
	fputs(" &middot; report.json holds every figure on this page</footer>\n"
		  "</main></body></html>\n", t.f);
	return report_util_end(&t);
}
