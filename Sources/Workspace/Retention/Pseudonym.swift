import Crypto

/// Stable pseudonyms for people's ids: `former-` and the first 12 hex digits of HMAC-SHA256 of the id (UTF-8) keyed
/// with a secret kept in the workspace's `settings` (`pseudonym.secret`, 32 random bytes in hex, made on first use).
/// The same id always gets the same pseudonym in one workspace, so counts and averages per person still add up;
/// without the secret a guessed id cannot be tested against a pseudonym. The same rule, setting and spelling as
/// person erasure's `Pseudonym` (Workbench/Privacy), so records pseudonymised by retention and by erasure agree.
public enum StablePseudonym {
    /// The settings key of the per-workspace secret.
    public static let secretKey = "pseudonym.secret"
    /// What every pseudonym starts with.
    public static let prefix = "former-"

    /// The pseudonym of `key` under `secret` (hex text).
    public static func of(_ key: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(key.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        let digits = Array("0123456789abcdef")
        var out = prefix
        for byte in mac.prefix(6) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }

    /// The workspace's secret, made (32 random bytes, hex) and stored the first time it is asked for.
    public static func secret(_ session: SQLSession) throws -> String {
        if let stored = try WorkspaceSettings.value(secretKey, session) { return stored }
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var secret = ""
        for _ in 0..<32 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            secret.append(digits[Int(byte >> 4)])
            secret.append(digits[Int(byte & 0x0F)])
        }
        try WorkspaceSettings.set(secretKey, secret, session)
        return secret
    }
}

/// The workspace's key/value settings (the `settings` table).
public enum WorkspaceSettings {
    public static func value(_ key: String, _ session: SQLSession) throws -> String? {
        try session.first("SELECT value FROM settings WHERE key = ?", .text(key))?.text(0)
    }

    /// Sets (or replaces) one setting. The caller appends the audit entry (without secrets).
    public static func set(_ key: String, _ value: String, _ session: SQLSession) throws {
        try session.execute("DELETE FROM settings WHERE key = ?", .text(key))
        try session.execute("INSERT INTO settings (key, value) VALUES (?, ?)", .text(key), .text(value))
    }
}
