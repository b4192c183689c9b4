/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "report_svg.h"
#include "report_util.h"

#include <math.h>
#include <string.h>

/** Chart geometry, in SVG user units. */
#define SVG_W 960
#define SVG_H 260
#define SVG_LEFT 64
#define SVG_RIGHT 16
#define SVG_TOP 16
#define SVG_BOTTOM 44
#define SVG_PLOT_W (SVG_W - SVG_LEFT - SVG_RIGHT)
#define SVG_PLOT_H (SVG_H - SVG_TOP - SVG_BOTTOM)

/** A linear axis from lo to hi with a "nice" tick step. */
typedef struct {
	double lo, hi, step;
} report_svg_axis_t;

/** Axis covering [lo, hi] with about five ticks at 1, 2 or 5 times a power of ten. */
static report_svg_axis_t report_svg_axis(double lo, double hi)
{
	report_svg_axis_t a;
	double raw, mag;

	if (!isfinite(lo) || !isfinite(hi) || hi <= lo)
		hi = lo + 1;
	raw = (hi - lo) / 5.0;
	mag = pow(10, floor(log10(raw)));
	a.step = raw / mag <= 1 ? mag : raw / mag <= 2 ? 2 * mag : raw / mag <= 5 ? 5 * mag : 10 * mag;
	a.lo = floor(lo / a.step) * a.step;
	a.hi = ceil(hi / a.step) * a.step;
	return a;
}

static double report_svg_x(const report_svg_axis_t *a, double v)
{
	return SVG_LEFT + (v - a->lo) / (a->hi - a->lo) * SVG_PLOT_W;
}

static double report_svg_y(const report_svg_axis_t *a, double v)
{
	return SVG_TOP + SVG_PLOT_H - (v - a->lo) / (a->hi - a->lo) * SVG_PLOT_H;
}

static void report_svg_open(FILE *f, const char *label)
{
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
			"width=\"100%%\" role=\"img\" aria-label=\"", SVG_W, SVG_H);
	report_util_xml(f, label);
	fprintf(f, "\" class=\"chart\">\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"fill=\"#fafafa\" stroke=\"#d1d5db\"/>\n", SVG_LEFT, SVG_TOP, SVG_PLOT_W, SVG_PLOT_H);
}

/** Grid lines, tick labels and axis titles for x and y. */
static void report_svg_grid(FILE *f, const report_svg_axis_t *x, const report_svg_axis_t *y,
							const char *xtitle, const char *ytitle)
{
	char label[32];

	for (double v = x->lo; v <= x->hi + x->step / 2; v += x->step)
	{
		double px = report_svg_x(x, v);

		report_util_num(label, sizeof(label), v, 3);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e7eb\"/>"
				"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>\n",
				px, SVG_TOP, px, SVG_TOP + SVG_PLOT_H, px, SVG_TOP + SVG_PLOT_H + 16, label);
	}
	for (double v = y->lo; ytitle[0] && v <= y->hi + y->step / 2; v += y->step)
	{
		double py = report_svg_y(y, v);

		report_util_num(label, sizeof(label), v, 3);
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e7eb\"/>"
				"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>\n",
				SVG_LEFT, py, SVG_LEFT + SVG_PLOT_W, py, SVG_LEFT - 6, py + 4, label);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%s</text>\n",
			SVG_LEFT + SVG_PLOT_W / 2, SVG_H - 6, xtitle);
	fprintf(f, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" class=\"axis\" "
			"transform=\"rotate(-90 14 %d)\">%s</text>\n",
			SVG_TOP + SVG_PLOT_H / 2, SVG_TOP + SVG_PLOT_H / 2, ytitle);
}

/** A "no data" note in an empty chart. */
static void report_svg_empty(FILE *f, const char *what)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"empty\">%s</text>\n"
			"</svg>\n", SVG_W / 2, SVG_H / 2, what);
}

/** Bounds of the series: time span and largest RTT. */
static void report_svg_series_bounds(const xp_probe_result_t *p, double *tmax, double *rmax)
{
	*tmax = 0;
	*rmax = 0;
	for (size_t i = 0; i < p->n_series; i++)
	{
		*tmax = fmax(*tmax, p->series_t_ms[i] / 1000.0);
		if (isfinite(p->series_rtt_ms[i]))
			*rmax = fmax(*rmax, p->series_rtt_ms[i]);
	}
}

void report_svg_rtt_series(FILE *f, const xp_probe_result_t *p)
{
	report_svg_axis_t x, y;
	double tmax, rmax;
	bool open = false;
	size_t lost = 0;

	report_svg_open(f, "round-trip time over time, lost probes marked in red");
	if (!p->n_series)
	{
		report_svg_empty(f, "no samples");
		return;
	}
	report_svg_series_bounds(p, &tmax, &rmax);
	x = report_svg_axis(0, tmax);
	y = report_svg_axis(0, rmax * 1.1);
	report_svg_grid(f, &x, &y, "time since start (s)", "RTT (ms)");
	for (size_t i = 0; i < p->n_series; i++)
	{
		double px = report_svg_x(&x, p->series_t_ms[i] / 1000.0);

		if (!isfinite(p->series_rtt_ms[i]))
		{
			fprintf(f, "%s<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"lost\"/>\n",
					open ? "\"/>\n" : "", px, SVG_TOP, px, SVG_TOP + 12);
			open = false;
			lost++;
			continue;
		}
		fprintf(f, "%s%.1f,%.1f", open ? " " : "<polyline class=\"rtt\" points=\"", px,
				report_svg_y(&y, p->series_rtt_ms[i]));
		open = true;
	}
	fputs(open ? "\"/>\n" : "", f);
	if (lost)
		fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"legend\"><tspan class=\"lost-key\">"
				"| lost</tspan> (%zu)</text>\n", SVG_LEFT + SVG_PLOT_W - 80, SVG_TOP + 28, lost);
	fputs("</svg>\n", f);
}

/** Vertical dashed marker at RTT v with a label. */
static void report_svg_marker(FILE *f, const report_svg_axis_t *x, double v, const char *name)
{
	char label[32];
	double px;

	if (!isfinite(v))
		return;
	px = report_svg_x(x, v);
	report_util_num(label, sizeof(label), v, 3);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"marker\"/>"
			"<text x=\"%.1f\" y=\"%d\" class=\"legend\">%s %s ms</text>\n", px, SVG_TOP,
			px, SVG_TOP + SVG_PLOT_H, px + 4, SVG_TOP + (name[1] == '5' ? 14 : 28), name, label);
}

void report_svg_rtt_cdf(FILE *f, const xp_probe_result_t *p)
{
	report_svg_axis_t x, y = { 0, 1, 0.2 };
	double lo = INFINITY, hi = -INFINITY;

	report_svg_open(f, "distribution of round-trip times (CDF)");
	for (size_t i = 0; i < p->n_cdf; i++)
	{
		if (isfinite(p->cdf[i].rtt_ms))
		{
			lo = fmin(lo, p->cdf[i].rtt_ms);
			hi = fmax(hi, p->cdf[i].rtt_ms);
		}
	}
	if (!isfinite(lo))
	{
		report_svg_empty(f, "no replies");
		return;
	}
	x = report_svg_axis(lo, hi > lo ? hi : lo + 1);
	report_svg_grid(f, &x, &y, "RTT (ms)", "share of replies");
	fputs("<polyline class=\"cdf\" points=\"", f);
	for (size_t i = 0; i < p->n_cdf; i++)
	{
		if (isfinite(p->cdf[i].rtt_ms))
			fprintf(f, "%.1f,%.1f ", report_svg_x(&x, p->cdf[i].rtt_ms),
					report_svg_y(&y, p->cdf[i].q));
	}
	fputs("\"/>\n", f);
	report_svg_marker(f, &x, p->rtt_ms.p50, "p50");
	report_svg_marker(f, &x, p->rtt_ms.p99, "p99");
	fputs("</svg>\n", f);
}

/** Colour class of a timeline event. */
static const char *report_svg_event_class(const char *name)
{
	if (!strncmp(name, "IKE_", 4) || !strcmp(name, "CHILD_SA_UP"))
		return "ev-setup";
	if (!strcmp(name, "RETRANSMIT") || !strcmp(name, "DOWN") || strstr(name, "FAIL"))
		return "ev-bad";
	return "ev-other";
}

/** Label an event? All of them when few, else only the first of each name. */
static bool report_svg_labelled(const xp_tunnel_result_t *t, size_t i)
{
	if (t->n_events <= 16)
		return true;
	for (size_t k = 0; k < i; k++)
	{
		if (!strcmp(t->events[k].name, t->events[i].name))
			return false;
	}
	return true;
}

/** One event: a stem from its label row down to a dot on the axis, detail as tooltip. */
static void report_svg_event(FILE *f, const report_svg_axis_t *x, const xp_event_t *e,
							 int row, int baseline)
{
	double px = report_svg_x(x, e->offset_ms);
	int ly = SVG_TOP + 18 + row * 20;
	bool right = px > SVG_W - 200;
	char at[32];

	report_util_num(at, sizeof(at), e->offset_ms, 1);
	fprintf(f, "<g class=\"%s\"><title>", report_svg_event_class(e->name));
	report_util_xml(f, e->name);
	fprintf(f, " at %s ms: ", at);
	report_util_xml(f, e->detail);
	fprintf(f, "</title><circle cx=\"%.1f\" cy=\"%d\" r=\"5\"/>", px, baseline);
	if (row >= 0)
	{
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"stem\"/>"
				"<text x=\"%.1f\" y=\"%d\" class=\"evlabel\"%s>", px, ly + 4, px, baseline,
				px + (right ? -6 : 6), ly, right ? " text-anchor=\"end\"" : "");
		report_util_xml(f, e->name);
		fprintf(f, " %s ms</text>", at);
	}
	fputs("</g>\n", f);
}

void report_svg_timeline(FILE *f, const xp_tunnel_result_t *t)
{
	report_svg_axis_t x, y = { 0, 1, 1 };
	double tmin = 0, tmax = 0;
	int baseline = SVG_TOP + SVG_PLOT_H - 20, labels = 0;

	report_svg_open(f, "IKE timeline");
	if (!t->n_events)
	{
		report_svg_empty(f, "no IKE events recorded");
		return;
	}
	for (size_t i = 0; i < t->n_events; i++)
	{
		tmin = fmin(tmin, t->events[i].offset_ms);
		tmax = fmax(tmax, t->events[i].offset_ms);
	}
	x = report_svg_axis(tmin, tmax > tmin ? tmax : tmin + 1);
	report_svg_grid(f, &x, &y, "ms since start", "");
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#6b7280\" "
			"stroke-width=\"2\"/>\n", SVG_LEFT, baseline, SVG_LEFT + SVG_PLOT_W, baseline);
	for (size_t i = 0; i < t->n_events; i++)
	{
		if (!isfinite(t->events[i].offset_ms))
			continue;
		report_svg_event(f, &x, &t->events[i],
						 report_svg_labelled(t, i) ? labels++ % 8 : -1, baseline);
	}
	fputs("</svg>\n", f);
}

/** One trend line through the finite values of v, broken where a run had none. */
static void report_svg_trend_line(FILE *f, const report_svg_axis_t *x, const report_svg_axis_t *y,
								  const baseline_trend_t *t, const double *v, const char *cls)
{
	bool open = false;

	for (size_t i = 0; i < t->n; i++)
	{
		double day = (double)(t->t_s[i] - t->t_s[0]) / 86400.0;

		if (!isfinite(v[i]))
		{
			fputs(open ? "\"/>\n" : "", f);
			open = false;
			continue;
		}
		if (open)
			fputc(' ', f);
		else
			fprintf(f, "<polyline class=\"%s\" points=\"", cls);
		fprintf(f, "%.1f,%.1f", report_svg_x(x, day), report_svg_y(y, v[i]));
		open = true;
	}
	fputs(open ? "\"/>\n" : "", f);
}

void report_svg_trend(FILE *f, const baseline_trend_t *t)
{
	report_svg_axis_t x, y;
	double rmax = 0;
	char first[40], title[96];

	report_svg_open(f, "p50 and p99 round-trip time of the stored runs over time");
	for (size_t i = 0; i < t->n; i++)
		rmax = fmax(rmax, isfinite(t->p99[i]) ? t->p99[i] : isfinite(t->p50[i]) ? t->p50[i] : 0);
	if (!t->n || rmax <= 0)
	{
		report_svg_empty(f, "no stored runs for this target");
		return;
	}
	report_util_utc(t->t_s[0] * 1000, first, sizeof(first));
	snprintf(title, sizeof(title), "days since the first stored run (%.10s)", first);
	x = report_svg_axis(0, (double)(t->t_s[t->n - 1] - t->t_s[0]) / 86400.0);
	y = report_svg_axis(0, rmax * 1.1);
	report_svg_grid(f, &x, &y, title, "RTT (ms)");
	report_svg_trend_line(f, &x, &y, t, t->p99, "p99");
	report_svg_trend_line(f, &x, &y, t, t->p50, "p50");
	fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"legend\"><tspan class=\"p50-key\">&#8212; p50"
			"</tspan> <tspan class=\"p99-key\">&#8212; p99</tspan> (%zu runs)</text>\n</svg>\n",
			SVG_LEFT + 8, SVG_TOP + 14, t->runs);
}
