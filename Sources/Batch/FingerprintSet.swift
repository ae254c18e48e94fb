/// The evaluation ids a run has seen, kept as 64-bit fingerprints in one open-addressed table (8 bytes an id at
/// most half full, no allocation per id): how `qa score` notices a record that reuses an earlier record's id
/// without holding the ids. Two different ids share a fingerprint about once in 10^8 runs of a million records.
struct FingerprintSet {
    private var slots: [UInt64] = Array(repeating: 0, count: 1 << 10)
    private var count = 0

    /// Adds the id; `false` when its fingerprint was already there.
    mutating func insert(_ id: String) -> Bool {
        if 2 * (count + 1) > slots.count { grow() }
        let fingerprint = Self.fingerprint(id)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: fingerprint) & mask
        while true {
            let slot = slots[i]
            if slot == 0 {
                slots[i] = fingerprint
                count += 1
                return true
            }
            if slot == fingerprint { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for fingerprint in old where fingerprint != 0 {
            var i = Int(truncatingIfNeeded: fingerprint) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = fingerprint
        }
    }

    /// FNV-1a over the UTF-8 bytes, then a SplitMix64 finaliser to spread the bits; never 0 (the empty mark).
    static func fingerprint(_ id: String) -> UInt64 {
        func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return h
        }
        var z = id.utf8.withContiguousStorageIfAvailable { hash($0) } ?? hash(id.utf8)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == 0 ? 1 : z
    }
}
