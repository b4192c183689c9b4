/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * The api-versions ARM accepts per provider: every published stable version
 * (Azure/azure-rest-api-specs specification/{network,resources}/resource-manager/
 * .../stable/<version>), so the official SDKs of any year are served. The
 * emulator implements the 2024-05-01 network and 2021-04-01 resources surface
 * for all of them; the fields crosspeer and the SDKs send did not change.
 */

#include <stdio.h>
#include <string.h>

#include "armsim_private.h"

static const char *const armsim_api_network[] = {
	"2015-06-15", "2016-03-30", "2016-06-01", "2016-07-01", "2016-08-01", "2016-09-01",
	"2016-10-01", "2016-11-01", "2016-12-01", "2017-03-01", "2017-04-01", "2017-06-01",
	"2017-08-01", "2017-09-01", "2017-10-01", "2017-11-01", "2018-01-01", "2018-02-01",
	"2018-04-01", "2018-06-01", "2018-07-01", "2018-08-01", "2018-10-01", "2018-11-01",
	"2018-12-01", "2019-02-01", "2019-04-01", "2019-06-01", "2019-07-01", "2019-08-01",
	"2019-09-01", "2019-11-01", "2019-12-01", "2020-03-01", "2020-04-01", "2020-05-01",
	"2020-06-01", "2020-07-01", "2020-08-01", "2020-11-01", "2021-02-01", "2021-03-01",
	"2021-05-01", "2021-08-01", "2022-01-01", "2022-05-01", "2022-07-01", "2022-09-01",
	"2022-11-01", "2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-09-01",
	"2023-11-01", "2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01", "2024-10-01",
	"2025-01-01", "2025-03-01", "2025-05-01", "2025-07-01", "2026-01-01", NULL };

static const char *const armsim_api_resources[] = {
	"2015-11-01", "2016-02-01", "2016-07-01", "2016-09-01", "2017-05-10", "2018-02-01",
	"2018-05-01", "2019-03-01", "2019-05-01", "2019-05-10", "2019-07-01", "2019-08-01",
	"2019-10-01", "2020-06-01", "2020-08-01", "2020-10-01", "2021-01-01", "2021-04-01",
	"2022-09-01", "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-03-01",
	"2025-04-01", NULL };

bool armsim_api_check(armsim_req_t *req, armsim_resp_t *resp, bool network,
					  const char *resource_type)
{
	const char *const *known = network ? armsim_api_network : armsim_api_resources;
	char list[1024];
	size_t o = 0;

	if (!req->api_version)
	{
		armsim_error(resp, 400, "MissingApiVersionParameter", NULL, "The api-version query "
					 "parameter (?api-version=) is required for all requests.");
		return false;
	}
	for (size_t i = 0; known[i]; i++)
	{
		if (!strcmp(known[i], req->api_version))
			return true;
	}
	for (size_t i = 0; known[i] && o < sizeof(list); i++)
		o += snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "", known[i]);
	if (network)
		armsim_error(resp, 400, "NoRegisteredProviderFound", NULL, "No registered resource "
					 "provider found for location 'westeurope' and API version '%s' for type "
					 "'%s'. The supported api-versions are '%s'. The supported locations are "
					 "'westeurope'.", req->api_version, resource_type, list);
	else
		armsim_error(resp, 400, "InvalidApiVersionParameter", NULL, "The api-version '%s' is "
					 "invalid. The supported versions are '%s'.", req->api_version, list);
	return false;
}
