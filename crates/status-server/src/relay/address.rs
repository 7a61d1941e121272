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
    let [a, b, ..] = ip.octets();
    let this_network = a == 0;
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
        || shared
        || benchmarking
        || ip.is_documentation()
        || ip.is_multicast()
        || reserved)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    let documentation = segments[0] == 0x2001 && segments[1] == 0x0db8;
    // 64:ff9b::/96 reaches IPv4 through a NAT64 gateway: judge the IPv4 address inside.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., high, low] = segments;
        let embedded = (u32::from(high) << 16) | u32::from(low);
        return is_public_v4(Ipv4Addr::from(embedded));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || ip.is_unique_local()
        || ip.is_unicast_link_local()
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
