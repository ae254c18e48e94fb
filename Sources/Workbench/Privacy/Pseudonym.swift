import Foundation
import Workspace

/// The stable pseudonym that replaces a person's id when they are erased: `former-` and the first 12 hex digits of
/// HMAC-SHA256 keyed with the workspace's secret (the `pseudonym.secret` setting, 32 random bytes in hex, made on
/// first use) over the person's id in UTF-8. The same id always gives the same pseudonym in one workspace, so
/// records erased at different times (erasure, retention) still belong together; without the secret nobody can
/// test a guessed id against a pseudonym.
public enum Pseudonym {
    /// The setting that holds the workspace's secret.
    public static let secretSetting = StablePseudonym.secretKey
    /// What every pseudonym starts with.
    public static let prefix = StablePseudonym.prefix

    /// The pseudonym of `personKey` under `secret`: the rule is the Workspace's `StablePseudonym` (one place,
    /// shared with retention).
    public static func of(_ personKey: String, secret: String) -> String {
        StablePseudonym.of(personKey, secret: secret)
    }

    /// Whether `id` already is a pseudonym.
    public static func isPseudonym(_ id: String) -> Bool {
        id.hasPrefix(prefix) && id.count == prefix.count + 12
            && id.dropFirst(prefix.count).allSatisfy { "0123456789abcdef".contains($0) }
    }

    /// The workspace's secret, made (and stored in `settings`) inside this transaction when there is none yet.
    public static func secret(_ session: SQLSession) throws -> String {
        try StablePseudonym.secret(session)
    }

    /// `text` with every whole occurrence of `id` replaced: an occurrence counts when the characters either side
    /// are not letters, digits, `-` or `_` (so erasing `agent-02` leaves `agent-020` alone).
    public static func replacingWholeID(_ id: String, with replacement: String, in text: String) -> String {
        let needle = Array(id.utf8)
        let bytes = Array(text.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return text }
        func isIDByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var changed = false
        while i < bytes.count {
            if i + needle.count <= bytes.count, bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle,
               i == 0 || !isIDByte(bytes[i - 1]),
               i + needle.count == bytes.count || !isIDByte(bytes[i + needle.count]) {
                out += Array(replacement.utf8)
                i += needle.count
                changed = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// Whether `text` holds `id` as a whole id.
    public static func mentions(_ id: String, in text: String) -> Bool {
        replacingWholeID(id, with: "\u{1}", in: text) != text
    }
}
