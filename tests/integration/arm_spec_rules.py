#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
"""The ARM request-body rules crosspeer must follow, and a checker.

The rules are this project's own encoding of the official REST API specs,
Azure/azure-rest-api-specs Microsoft.Network stable/2024-05-01 (network.json
ea83a2a3, virtualNetwork.json 4e8108cc, virtualNetworkGateway.json 03802078,
publicIpAddress.json 11809352) and Microsoft.Resources stable/2021-04-01
(resources.json 08eccfe0), written out by reading their `definitions`: for each
schema a body reaches, every property with its type, whether it is readOnly,
the enum values, and the `required` list. A property the rules do not list is
reported too (crosspeer should send nothing the spec does not name); a schema
in a spec file not extracted (networkSecurityGroup.json, routeTable.json, ...)
is ANY.

    arm_spec_rules.py RECORD.jsonl    check every PUT/PATCH body of an armsim --record
    arm_spec_rules.py --self-test DIR check the rules against the official examples in DIR

Exit 0 when every body follows the rules, 1 with one line per violation.
"""

import json
import re
import sys


class Rule:
    """One schema: a type, with readOnly, enum, required and nested rules."""

    def __init__(self, kind, props=None, required=(), enum=None, item=None, ro=False):
        self.kind, self.props, self.required = kind, props or {}, required
        self.enum, self.item, self.ro = enum, item, ro

    def readonly(self):
        return Rule(self.kind, self.props, self.required, self.enum, self.item, True)


def obj(props, required=()):
    return Rule("object", props, required)


def arr(item):
    return Rule("array", item=item)


STR, INT, BOOL, ANY = Rule("string"), Rule("integer"), Rule("boolean"), Rule("any")
MAP = Rule("map")  # tags: an object of strings


def enum(*values):
    return Rule("string", enum=values)


def ro(rule):
    return rule.readonly()


PROVISIONING = ro(enum("Succeeded", "Updating", "Deleting", "Failed"))
SUBRESOURCE = obj({"id": STR})                                      # network.json SubResource
RESOURCE = {"id": STR, "name": ro(STR), "type": ro(STR), "location": STR, "tags": MAP}
EXTENDED_LOCATION = obj({"name": STR, "type": enum("EdgeZone")})

# --- virtualNetwork.json ---------------------------------------------------------------
IPAM_ALLOCATION = obj({"pool": obj({"id": STR}), "numberOfIpAddresses": STR,
                       "allocatedAddressPrefixes": ro(arr(STR))})
ADDRESS_SPACE = obj({"addressPrefixes": arr(STR), "ipamPoolPrefixAllocations": arr(IPAM_ALLOCATION)})
DELEGATION = obj({"id": STR, "name": STR, "etag": ro(STR), "type": STR,
                  "properties": obj({"serviceName": STR, "actions": ro(arr(STR)),
                                     "provisioningState": PROVISIONING})})
SERVICE_ENDPOINT = obj({"service": STR, "networkIdentifier": SUBRESOURCE, "locations": arr(STR),
                        "provisioningState": PROVISIONING})
SUBNET_PROPS = obj({
    "addressPrefix": STR, "addressPrefixes": arr(STR),
    "networkSecurityGroup": ANY, "routeTable": ANY, "natGateway": SUBRESOURCE,
    "serviceEndpoints": arr(SERVICE_ENDPOINT), "serviceEndpointPolicies": arr(ANY),
    "privateEndpoints": ro(arr(ANY)), "ipConfigurations": ro(arr(ANY)),
    "ipConfigurationProfiles": ro(arr(ANY)), "ipAllocations": arr(SUBRESOURCE),
    "resourceNavigationLinks": ro(arr(ANY)), "serviceAssociationLinks": ro(arr(ANY)),
    "delegations": arr(DELEGATION), "purpose": ro(STR), "provisioningState": PROVISIONING,
    "privateEndpointNetworkPolicies": enum("Enabled", "Disabled", "NetworkSecurityGroupEnabled",
                                           "RouteTableEnabled"),
    "privateLinkServiceNetworkPolicies": enum("Enabled", "Disabled"),
    "applicationGatewayIPConfigurations": arr(ANY),
    "sharingScope": enum("Tenant", "DelegatedServices"), "defaultOutboundAccess": BOOL,
    "ipamPoolPrefixAllocations": arr(IPAM_ALLOCATION)})
SUBNET = obj({"id": STR, "name": STR, "etag": ro(STR), "type": STR, "properties": SUBNET_PROPS})
BGP_COMMUNITIES = obj({"virtualNetworkCommunity": STR, "regionalCommunity": ro(STR)},
                      required=("virtualNetworkCommunity",))
ENCRYPTION = obj({"enabled": BOOL, "enforcement": enum("DropUnencrypted", "AllowUnencrypted")},
                 required=("enabled",))
PEERING = obj({"id": STR, "name": STR, "etag": ro(STR), "type": STR, "properties": obj({
    "allowVirtualNetworkAccess": BOOL, "allowForwardedTraffic": BOOL, "allowGatewayTransit": BOOL,
    "useRemoteGateways": BOOL, "remoteVirtualNetwork": SUBRESOURCE,
    "localAddressSpace": ADDRESS_SPACE, "localVirtualNetworkAddressSpace": ADDRESS_SPACE,
    "remoteAddressSpace": ADDRESS_SPACE, "remoteVirtualNetworkAddressSpace": ADDRESS_SPACE,
    "remoteBgpCommunities": BGP_COMMUNITIES, "remoteVirtualNetworkEncryption": ro(ENCRYPTION),
    "peeringState": enum("Initiated", "Connected", "Disconnected"),
    "peeringSyncLevel": enum("FullyInSync", "RemoteNotInSync", "LocalNotInSync",
                             "LocalAndRemoteNotInSync"),
    "provisioningState": PROVISIONING, "doNotVerifyRemoteGateways": BOOL,
    "resourceGuid": ro(STR), "peerCompleteVnets": BOOL, "enableOnlyIPv6Peering": BOOL,
    "localSubnetNames": arr(STR), "remoteSubnetNames": arr(STR)})})
VIRTUAL_NETWORK = obj(dict(RESOURCE, extendedLocation=EXTENDED_LOCATION, etag=ro(STR),
                           properties=obj({
    "addressSpace": ADDRESS_SPACE, "dhcpOptions": obj({"dnsServers": arr(STR)}),
    "flowTimeoutInMinutes": INT, "subnets": arr(SUBNET), "virtualNetworkPeerings": arr(PEERING),
    "resourceGuid": ro(STR), "provisioningState": PROVISIONING,
    "enableDdosProtection": BOOL, "enableVmProtection": BOOL, "ddosProtectionPlan": SUBRESOURCE,
    "bgpCommunities": BGP_COMMUNITIES, "encryption": ENCRYPTION, "ipAllocations": arr(SUBRESOURCE),
    "flowLogs": ro(arr(ANY)), "privateEndpointVNetPolicies": enum("Disabled", "Basic")})))

# --- publicIpAddress.json --------------------------------------------------------------
PUBLIC_IP = obj(dict(RESOURCE, extendedLocation=EXTENDED_LOCATION, etag=ro(STR), zones=arr(STR),
                     sku=obj({"name": enum("Basic", "Standard"), "tier": enum("Regional", "Global")}),
                     properties=obj({
    "publicIPAllocationMethod": enum("Static", "Dynamic"),
    "publicIPAddressVersion": enum("IPv4", "IPv6"), "ipConfiguration": ro(ANY),
    "dnsSettings": ANY, "ddosSettings": ANY, "ipTags": arr(ANY), "ipAddress": STR,
    "publicIPPrefix": SUBRESOURCE, "idleTimeoutInMinutes": INT, "resourceGuid": ro(STR),
    "provisioningState": PROVISIONING, "servicePublicIPAddress": ANY, "natGateway": ANY,
    "migrationPhase": enum("None", "Prepare", "Commit", "Abort", "Committed"),
    "linkedPublicIPAddress": ANY, "deleteOption": enum("Delete", "Detach")})))

# --- virtualNetworkGateway.json --------------------------------------------------------
SKUS = ("Basic", "HighPerformance", "Standard", "UltraPerformance", "VpnGw1", "VpnGw2", "VpnGw3",
        "VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ", "ErGw1AZ",
        "ErGw2AZ", "ErGw3AZ", "ErGwScale")
BGP_SETTINGS = obj({"asn": INT, "bgpPeeringAddress": STR, "peerWeight": INT,
                    "bgpPeeringAddresses": arr(ANY)})
GATEWAY_IP_CONFIG = obj({"id": STR, "name": STR, "etag": ro(STR), "properties": obj({
    "privateIPAllocationMethod": enum("Static", "Dynamic"), "subnet": SUBRESOURCE,
    "publicIPAddress": SUBRESOURCE, "privateIPAddress": ro(STR), "provisioningState": PROVISIONING})})
GATEWAY = obj(dict(RESOURCE, extendedLocation=EXTENDED_LOCATION, etag=ro(STR), identity=ANY,
                   properties=obj({
    "autoScaleConfiguration": ANY, "ipConfigurations": arr(GATEWAY_IP_CONFIG),
    "gatewayType": enum("Vpn", "ExpressRoute", "LocalGateway"),
    "vpnType": enum("PolicyBased", "RouteBased"),
    "vpnGatewayGeneration": enum("None", "Generation1", "Generation2"),
    "enableBgp": BOOL, "enablePrivateIpAddress": BOOL, "activeActive": BOOL,
    "disableIPSecReplayProtection": BOOL, "gatewayDefaultSite": SUBRESOURCE,
    "sku": obj({"name": enum(*SKUS), "tier": enum(*SKUS), "capacity": ro(INT)}),
    "vpnClientConfiguration": ANY, "virtualNetworkGatewayPolicyGroups": arr(ANY),
    "bgpSettings": BGP_SETTINGS, "customRoutes": ADDRESS_SPACE, "resourceGuid": ro(STR),
    "provisioningState": PROVISIONING, "enableDnsForwarding": BOOL,
    "inboundDnsForwardingEndpoint": ro(STR), "vNetExtendedLocationResourceId": STR,
    "natRules": arr(ANY), "enableBgpRouteTranslationForNat": BOOL, "allowVirtualWanTraffic": BOOL,
    "allowRemoteVnetTraffic": BOOL, "adminState": enum("Enabled", "Disabled"),
    "resiliencyModel": enum("SingleHomed", "MultiHomed")})), required=("properties",))
LOCAL_GATEWAY = obj(dict(RESOURCE, etag=ro(STR), properties=obj({
    "localNetworkAddressSpace": ADDRESS_SPACE, "gatewayIpAddress": STR, "fqdn": STR,
    "bgpSettings": BGP_SETTINGS, "resourceGuid": ro(STR), "provisioningState": PROVISIONING})),
    required=("properties",))
IPSEC_POLICY = obj({
    "saLifeTimeSeconds": INT, "saDataSizeKilobytes": INT,
    "ipsecEncryption": enum("None", "DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128",
                            "GCMAES192", "GCMAES256"),
    "ipsecIntegrity": enum("MD5", "SHA1", "SHA256", "GCMAES128", "GCMAES192", "GCMAES256"),
    "ikeEncryption": enum("DES", "DES3", "AES128", "AES192", "AES256", "GCMAES256", "GCMAES128"),
    "ikeIntegrity": enum("MD5", "SHA1", "SHA256", "SHA384", "GCMAES256", "GCMAES128"),
    "dhGroup": enum("None", "DHGroup1", "DHGroup2", "DHGroup14", "DHGroup2048", "ECP256",
                    "ECP384", "DHGroup24"),
    "pfsGroup": enum("None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFS24", "PFS14",
                     "PFSMM")},
    required=("saLifeTimeSeconds", "saDataSizeKilobytes", "ipsecEncryption", "ipsecIntegrity",
              "ikeEncryption", "ikeIntegrity", "dhGroup", "pfsGroup"))
CONNECTION = obj(dict(RESOURCE, etag=ro(STR), properties=obj({
    "authorizationKey": STR, "virtualNetworkGateway1": GATEWAY, "virtualNetworkGateway2": GATEWAY,
    "localNetworkGateway2": LOCAL_GATEWAY, "ingressNatRules": arr(SUBRESOURCE),
    "egressNatRules": arr(SUBRESOURCE),
    "connectionType": enum("IPsec", "Vnet2Vnet", "ExpressRoute", "VPNClient"),
    "connectionProtocol": enum("IKEv2", "IKEv1"), "routingWeight": INT, "dpdTimeoutSeconds": INT,
    "connectionMode": enum("Default", "ResponderOnly", "InitiatorOnly"), "sharedKey": STR,
    "connectionStatus": ro(enum("Unknown", "Connecting", "Connected", "NotConnected")),
    "tunnelConnectionStatus": ro(arr(ANY)), "egressBytesTransferred": ro(INT),
    "ingressBytesTransferred": ro(INT), "peer": SUBRESOURCE, "enableBgp": BOOL,
    "gatewayCustomBgpIpAddresses": arr(obj({"ipConfigurationId": STR, "customBgpIpAddress": STR},
                                           required=("ipConfigurationId", "customBgpIpAddress"))),
    "useLocalAzureIpAddress": BOOL, "usePolicyBasedTrafficSelectors": BOOL,
    "ipsecPolicies": arr(IPSEC_POLICY),
    "trafficSelectorPolicies": arr(obj({"localAddressRanges": arr(STR),
                                        "remoteAddressRanges": arr(STR)},
                                       required=("localAddressRanges", "remoteAddressRanges"))),
    "resourceGuid": ro(STR), "provisioningState": PROVISIONING, "expressRouteGatewayBypass": BOOL,
    "enablePrivateLinkFastPath": BOOL}, required=("virtualNetworkGateway1", "connectionType"))),
    required=("properties",))
SHARED_KEY = obj({"id": STR, "value": STR}, required=("value",))

# --- resources.json --------------------------------------------------------------------
RESOURCE_GROUP = obj({"id": ro(STR), "name": ro(STR), "type": ro(STR), "location": STR,
                      "managedBy": STR, "tags": MAP,
                      "properties": obj({"provisioningState": ro(STR)})}, required=("location",))
RESOURCE_GROUP_PATCH = obj({"name": STR, "properties": obj({"provisioningState": ro(STR)}),
                            "managedBy": STR, "tags": MAP})

# which rule a request path is checked against
ROUTES = [
    ("PUT", r"/subscriptions/[^/]+/resourcegroups/[^/]+", RESOURCE_GROUP, "resource group"),
    ("PATCH", r"/subscriptions/[^/]+/resourcegroups/[^/]+", RESOURCE_GROUP_PATCH, "resource group"),
    ("PUT", r".*/providers/microsoft\.network/virtualnetworks/[^/]+", VIRTUAL_NETWORK, "VNet"),
    ("PUT", r".*/providers/microsoft\.network/publicipaddresses/[^/]+", PUBLIC_IP, "public IP"),
    ("PUT", r".*/providers/microsoft\.network/virtualnetworkgateways/[^/]+", GATEWAY, "gateway"),
    ("PUT", r".*/providers/microsoft\.network/localnetworkgateways/[^/]+", LOCAL_GATEWAY, "LNG"),
    ("PUT", r".*/providers/microsoft\.network/connections/[^/]+", CONNECTION, "connection"),
    ("PUT", r".*/providers/microsoft\.network/connections/[^/]+/sharedkey", SHARED_KEY,
     "shared key"),
]

JSON_TYPES = {"object": dict, "map": dict, "array": list, "string": str, "boolean": bool}


def check(value, rule, path, out):
    """Append one line per rule value breaks to out."""
    if rule.ro:
        out.append(f"{path}: read-only in the spec, must not be sent")
        return
    if rule.kind == "any":
        return
    if rule.kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, JSON_TYPES[rule.kind])
    if not ok:
        out.append(f"{path}: expected {rule.kind}, got {type(value).__name__}")
        return
    if rule.enum and value not in rule.enum:
        out.append(f"{path}: '{value}' is not one of {', '.join(rule.enum)}")
    if rule.kind == "map":
        for k, v in value.items():
            if not isinstance(v, str):
                out.append(f"{path}.{k}: expected string, got {type(v).__name__}")
    if rule.kind == "array":
        for i, v in enumerate(value):
            check(v, rule.item, f"{path}[{i}]", out)
    if rule.kind == "object":
        for r in rule.required:
            if r not in value:
                out.append(f"{path}.{r}: required by the spec, missing".lstrip("."))
        for k, v in value.items():
            sub = f"{path}.{k}" if path else k
            if k not in rule.props:
                out.append(f"{sub}: not a property of this schema")
            else:
                check(v, rule.props[k], sub, out)


def check_request(method, path, body):
    """(kind, violations) for one request; kind None when no rule applies."""
    bare = path.split("?")[0].lower()
    for m, pattern, rule, kind in ROUTES:
        if m == method and re.fullmatch(pattern, bare):
            out = []
            check(body, rule, "", out)
            return kind, out
    return None, []


def check_record(file):
    kinds, bad = {}, 0
    with open(file, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            req = json.loads(line)
            if req["method"] not in ("PUT", "PATCH"):
                continue
            kind, out = check_request(req["method"], req["path"], req.get("body"))
            if kind is None:
                print(f"line {n}: {req['method']} {req['path']}: no rule for this path")
                bad += 1
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            for o in out:
                print(f"line {n}: {req['method']} {req['path'].split('?')[0]}: {o}")
            bad += len(out)
    print("arm_spec_rules: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) +
          f"; {bad} violation(s)")
    return bad == 0


def self_test(data):
    """The rules accept the official create example and reject a GET answer as a PUT body."""
    with open(f"{data}/VirtualNetworkGatewayConnectionCreate.json", encoding="utf-8") as f:
        create = json.load(f)["parameters"]["parameters"]
    with open(f"{data}/VirtualNetworkGetWithSubnetDelegation.json", encoding="utf-8") as f:
        got = json.load(f)["responses"]["200"]["body"]
    ok = True
    _, out = check_request("PUT", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/"
                           "connections/c", create)
    for o in out:
        print(f"official create example: {o}")
        ok = False
    _, out = check_request("PUT", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/"
                           "virtualNetworks/v", got)
    want = {"properties.subnets[0].properties.provisioningState",
            "properties.subnets[0].properties.delegations[0].properties.actions"}
    found = {o.split(":")[0] for o in out}
    if not want <= found:
        print(f"official GET answer sent back as a PUT: {sorted(want - found)} not reported")
        ok = False
    create["properties"]["localNetworkGateway2"] = {"id": create["properties"]["localNetworkGateway2"]["id"]}
    _, out = check_request("PUT", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/"
                           "connections/c", create)
    if "properties.localNetworkGateway2.properties: required by the spec, missing" not in out:
        print("an id-only localNetworkGateway2 is not reported")
        ok = False
    print(f"arm_spec_rules: self-test {'PASS' if ok else 'FAIL'}")
    return ok


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        sys.exit(0 if self_test(sys.argv[2]) else 1)
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(0 if check_record(sys.argv[1]) else 1)
