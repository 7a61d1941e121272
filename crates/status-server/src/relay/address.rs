//! Which addresses a relay may connect to. A relay fetches URLs from its config and follows
//! redirects chosen by the upstream, so without a check a hostile or compromised upstream
//! could make the server request its own admin ports, a cloud metadata service or the
//! operator's internal network (server-side request forgery).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is an ordinary public unicast address, reachable from anywhere, rather than
/// one that only makes sense inside a host or a private network.
pub fn is_public(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let this_network = a == 0;
    // 192.0.0.0/24, IETF protocol assignments: DS-Lite and NAT64 discovery addresses, among
    // others, that lead to a provider's or the host's own equipment.
    let ietf_protocol = [a, b, c] == [192, 0, 0];
    // 100.64.0.0/10, carrier-grade NAT: shared by a provider's customers, never public.
    let shared = a == 100 && (64..128).contains(&b);
    // 198.18.0.0/15, network benchmarking.
    let benchmarking = a == 198 && (18..20).contains(&b);
    // 240.0.0.0/4, reserved (255.255.255.255, broadcast, included).
    let reserved = a >= 240;
    !(this_network
        || ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ietf_protocol
        || shared
        || benchmarking
        || ip.is_documentation()
        || ip.is_multicast()
        || reserved)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    // IPv4 addresses carried inside IPv6 reach the IPv4 host: judge that address. `::ffff:`
    // (mapped) was turned into IPv4 by `to_canonical` already.
    let ipv4 = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    // ::a.b.c.d, IPv4-compatible (deprecated, yet some stacks still route it over IPv4).
    // `::` and `::1` land on 0.0.0.0/8 here, which is refused as well.
    if segments[..6] == [0; 6] {
        return is_public_v4(ipv4(segments[6], segments[7]));
    }
    // 64:ff9b::/96 reaches IPv4 through a NAT64 gateway.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(ipv4(segments[6], segments[7]));
    }
    // 2002::/16, 6to4: bits 16..48 are the IPv4 address of the router the packets are
    // tunnelled to.
    if segments[0] == 0x2002 {
        return is_public_v4(ipv4(segments[1], segments[2]));
    }
    let documentation = segments[..2] == [0x2001, 0x0db8];
    // 64:ff9b:1::/48 (RFC 8215) is for a network's own translators: where it leads is up to
    // that network, whatever IPv4 address it seems to embed.
    let local_nat64 = segments[..3] == [0x64, 0xff9b, 0x0001];
    // fec0::/10, site-local: deprecated, but private wherever it is still in use.
    let site_local = segments[0] & 0xffc0 == 0xfec0;
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || ip.is_unique_local()
        || ip.is_unicast_link_local()
        || site_local
        || local_nat64
        || documentation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_ranges_are_not_public() {
        for address in [
            "0.0.0.0",
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "198.18.0.1",
            "192.0.2.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(!is_public(address.parse().unwrap()), "{address}");
        }
    }

    #[test]
    fn ipv4_inside_ipv6_is_judged_by_the_ipv4_address() {
        for address in [
            // IPv4-compatible (deprecated, but still parsed and routed by some stacks).
            "::127.0.0.1",
            "::10.0.0.1",
            "::169.254.169.254",
            // 6to4: the IPv4 address is in bits 16..48.
            "2002:7f00:1::",
            "2002:a00:1::1",
            "2002:a9fe:a9fe::",
            "2002:c0a8:101:ffff::1",
        ] {
            assert!(!is_public(address.parse().unwrap()), "{address}");
        }
        for address in ["::8.8.8.8", "2002:808:808::", "2002:5db8:d822:1::1"] {
            assert!(is_public(address.parse().unwrap()), "{address}");
        }
    }

    #[test]
    fn local_use_nat64_site_local_and_ietf_protocol_ranges_are_not_public() {
        for address in [
            // 64:ff9b:1::/48 (RFC 8215) is for a network's own translators: whatever IPv4
            // address it embeds, where it leads is up to that network.
            "64:ff9b:1::808:808",
            "64:ff9b:1:ffff:ffff:ffff:ffff:ffff",
            // fec0::/10, deprecated site-local: still private wherever it is in use.
            "fec0::1",
            "feff:ffff::1",
            // 192.0.0.0/24, IETF protocol assignments (DS-Lite, NAT64 discovery, ...).
            "192.0.0.0",
            "192.0.0.8",
            "192.0.0.255",
            "::ffff:192.0.0.170",
        ] {
            assert!(!is_public(address.parse().unwrap()), "{address}");
        }
        // The ordinary addresses around 192.0.0.0/24 stay public.
        for address in ["191.255.255.255", "192.0.1.1"] {
            assert!(is_public(address.parse().unwrap()), "{address}");
        }
    }

    #[test]
    fn ordinary_addresses_are_public() {
        for address in [
            "1.1.1.1",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(address.parse().unwrap()), "{address}");
        }
    }
}
