import ArgumentParser
import PlazaOutbound

/// The egress rules `serve` and `validate` share: which addresses and hosts may be fetched from.
struct OutboundOptions: ParsableArguments {
    @Flag(help: "Allow link-local, unique-local and cloud-metadata addresses (off: such URLs are refused).")
    var allowLinkLocal = false
    @Option(help: ArgumentHelp("Exempt this address range from the refused ranges (CIDR, e.g. 169.254.0.0/16 or fd00::/8). Repeatable.", valueName: "cidr"))
    var allowAddress: [String] = []
    @Option(help: ArgumentHelp("Also refuse this address range (CIDR). Repeatable.", valueName: "cidr"))
    var denyAddress: [String] = []
    @Option(help: ArgumentHelp("Strict egress: fetch only from hosts matching this pattern (github.com, *.ghe.com, or a CIDR for numeric hosts). Repeatable.", valueName: "pattern"))
    var allowHost: [String] = []

    /// The policy these options describe, with `schemes` allowed.
    func policy(schemes: Set<String>) throws -> OutboundPolicy {
        func ranges(_ values: [String], _ option: String) throws -> [AddressRange] {
            try values.map { value in
                guard let range = AddressRange(value) else { throw ValidationError("\(option): '\(value)' is not an address or CIDR block") }
                return range
            }
        }
        let hosts = try allowHost.map { value in
            guard let pattern = HostPattern(value) else { throw ValidationError("--allow-host: '\(value)' is not a host, *.domain or CIDR pattern") }
            return pattern
        }
        return OutboundPolicy(allowedSchemes: schemes, allowLinkLocal: allowLinkLocal, allowedAddresses: try ranges(allowAddress, "--allow-address"),
                              deniedAddresses: try ranges(denyAddress, "--deny-address"), allowedHosts: hosts)
    }
}
