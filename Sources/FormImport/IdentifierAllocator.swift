/// Turns platform identifiers and titles into template ids (`[a-z][a-z0-9-]*`), unique within one namespace.
///
/// Rule: lower-case; every run of characters other than `a–z`/`0–9` becomes one `-`; leading and trailing `-`
/// are dropped; ids longer than `maxLength` are cut at a `-`; an id that would be empty or start with a digit
/// gets `prefix` in front; a repeat gets `-2`, `-3`, ….
struct IdentifierAllocator {
    private var used: Set<String> = []
    let maxLength: Int

    init(maxLength: Int = 48) {
        self.maxLength = maxLength
    }

    /// Marks an id as taken without deriving it.
    mutating func reserve(_ id: String) {
        used.insert(id)
    }

    mutating func allocate(from source: String, prefix: String) -> String {
        var base = Self.kebab(source, maxLength: maxLength)
        if base.isEmpty {
            base = prefix
        } else if let first = base.unicodeScalars.first, !("a"..."z").contains(first) {
            base = "\(prefix)-\(base)"
        }
        var candidate = base
        var counter = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }

    static func kebab(_ source: String, maxLength: Int) -> String {
        var out = ""
        var pendingDash = false
        for scalar in source.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        guard out.count > maxLength else { return out }
        let cut = String(out.prefix(maxLength))
        if out.dropFirst(maxLength).first == "-" { return cut }
        if let lastDash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: lastDash) > maxLength / 2 {
            return String(cut[..<lastDash])
        }
        return cut
    }
}
