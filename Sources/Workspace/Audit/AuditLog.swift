import Crypto
import QAModel

/// One entry of the audit log: who did what to which thing, when. `details` never holds answers, comments or
/// transcripts (they are in the revisions the entry names); only ids, counts, hashes and reasons.
public struct AuditEntry: Sendable, Hashable {
    public var at: Timestamp
    public var actor: String
    /// What happened, as `thing.verb`: `evaluation.imported`, `evaluation.revised`, `template.imported`, ….
    public var action: String
    /// What it happened to: `evaluation E12`, `template inbound-service 2.0`, ….
    public var subject: String
    public var details: String

    public init(at: Timestamp, actor: String, action: String, subject: String, details: String = "") {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
    }
}

/// A stored audit entry with its place in the chain.
public struct StoredAuditEntry: Sendable, Hashable {
    public var seq: Int64
    public var entry: AuditEntry
    public var atText: String
    public var previousHash: String
    public var hash: String
}

/// The audit log: entries appended in order, each carrying the SHA-256 of its own content and of the entry
/// before it, so a change, removal or insertion anywhere breaks the chain from that entry on (`verify`).
/// Appends happen inside the write transaction of the change they record, and writers take turns, so the
/// chain has no forks.
public enum AuditLog {
    /// The hash the first entry chains to.
    public static let genesis = String(repeating: "0", count: 64)

    /// Appends entries in order; returns the last (seq, hash).
    @discardableResult
    public static func append(_ session: SQLSession, _ entries: [AuditEntry]) throws -> (Int64, String) {
        var (seq, previous) = try last(session)
        guard !entries.isEmpty else { return (seq, previous) }
        let first = seq + 1
        var times: [String] = []
        var hashes: [String] = []
        times.reserveCapacity(entries.count)
        hashes.reserveCapacity(entries.count + 1)
        hashes.append(previous)
        var lastAt: Timestamp?
        var atText = ""
        for entry in entries {
            seq += 1
            // Entries of one change share their time: written out once.
            if entry.at != lastAt {
                atText = entry.at.description
                lastAt = entry.at
            }
            previous = Self.hash(seq: seq, at: atText, actor: entry.actor, action: entry.action, subject: entry.subject,
                                 details: entry.details, previous: previous)
            times.append(atText)
            hashes.append(previous)
        }
        // hashes[k] is entry k's previous hash, hashes[k + 1] its own.
        _ = try session.insertRows(into: "audit_log",
                                   columns: ["seq", "at", "actor", "action", "subject", "details", "previous_hash", "hash"],
                                   count: entries.count) { k, column in
            switch column {
            case 0: return .integer(first + Int64(k))
            case 1: return .text(times[k])
            case 2: return .text(entries[k].actor)
            case 3: return .text(entries[k].action)
            case 4: return .text(entries[k].subject)
            case 5: return .text(entries[k].details)
            case 6: return .text(hashes[k])
            default: return .text(hashes[k + 1])
            }
        }
        return (seq, previous)
    }

    public static func append(_ session: SQLSession, _ entry: AuditEntry) throws {
        try append(session, [entry])
    }

    /// The last entry's sequence number and hash (0 and `genesis` for an empty log).
    static func last(_ session: SQLSession) throws -> (Int64, String) {
        guard let row = try session.first("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1") else {
            return (0, genesis)
        }
        return (row.integer(0) ?? 0, row.text(1) ?? genesis)
    }

    /// The hash of one entry: SHA-256 over its fields, each length-prefixed (so no two different entries can
    /// spell the same text), and the previous entry's hash.
    public static func hash(seq: Int64, at: String, actor: String, action: String, subject: String, details: String,
                            previous: String) -> String {
        Hashing.sha256(fields: [String(seq), at, actor, action, subject, details, previous], domain: "qa-audit-1")
    }

    /// What `verify` found.
    public enum Verification: Sendable, Equatable {
        /// Every entry's hash matches its content and the entry before it.
        case intact(entries: Int)
        /// The first entry that does not match (its sequence number), and why.
        case broken(seq: Int64, reason: String)
    }

    /// Walks the whole log in order and checks every link.
    public static func verify(_ session: SQLSession) throws -> Verification {
        var expectedSeq: Int64 = 1
        var previous = genesis
        var result: Verification?
        var count = 0
        try session.forEachRow(
            "SELECT seq, at, actor, action, subject, details, previous_hash, hash FROM audit_log ORDER BY seq", []
        ) { row in
            let seq = row.integer(0) ?? -1
            if seq != expectedSeq {
                result = .broken(seq: seq, reason: seq > expectedSeq
                                 ? "entries \(expectedSeq)–\(seq - 1) are missing" : "the sequence repeats or goes back")
                return false
            }
            let stored = row.text(7) ?? ""
            if row.text(6) != previous {
                result = .broken(seq: seq, reason: "it does not chain to the entry before it")
                return false
            }
            let recomputed = hash(seq: seq, at: row.text(1) ?? "", actor: row.text(2) ?? "", action: row.text(3) ?? "",
                                  subject: row.text(4) ?? "", details: row.text(5) ?? "", previous: previous)
            if recomputed != stored {
                result = .broken(seq: seq, reason: "its content was changed after it was written")
                return false
            }
            previous = stored
            expectedSeq += 1
            count += 1
            return true
        }
        return result ?? .intact(entries: count)
    }

    /// Every entry whose subject or details mention `text`, in order (for `qa history` and subject access).
    public static func entries(_ session: SQLSession, subject: String) throws -> [StoredAuditEntry] {
        try session.query("SELECT seq, at, actor, action, subject, details, previous_hash, hash FROM audit_log "
                          + "WHERE subject = ? ORDER BY seq", [.text(subject)]).map { row in
            let atText = row.text(1) ?? ""
            return StoredAuditEntry(
                seq: row.integer(0) ?? 0,
                entry: AuditEntry(at: Timestamp(atText) ?? Timestamp(secondsSinceEpoch: 0), actor: row.text(2) ?? "",
                                  action: row.text(3) ?? "", subject: row.text(4) ?? "", details: row.text(5) ?? ""),
                atText: atText, previousHash: row.text(6) ?? "", hash: row.text(7) ?? "")
        }
    }
}

/// SHA-256 in lowercase hex.
public enum Hashing {
    public static func sha256(_ text: String) -> String {
        sha256(bytes: Array(text.utf8))
    }

    public static func sha256(bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// SHA-256 over `domain` and each field length-prefixed (`<bytes>:<field>\n`), so no two different field
    /// lists hash the same text; fed to the hasher piece by piece, without building the text.
    public static func sha256(fields: [String], domain: String) -> String {
        // The text is laid out in one buffer and hashed at once (one allocation, one pass).
        var size = domain.utf8.count + 1
        for field in fields { size += field.utf8.count + 22 }
        var text: [UInt8] = []
        text.reserveCapacity(size)
        text.append(contentsOf: domain.utf8)
        text.append(UInt8(ascii: "\n"))
        for field in fields {
            appendDecimal(field.utf8.count, to: &text)
            text.append(UInt8(ascii: ":"))
            text.append(contentsOf: field.utf8)
            text.append(UInt8(ascii: "\n"))
        }
        return hex(SHA256.hash(data: text))
    }

    /// `String(value)`'s digits (value ≥ 0), appended without making the string.
    private static func appendDecimal(_ value: Int, to text: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &text) }
        text.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            var i = 0
            for byte in digest {
                out[i] = hexDigit(byte >> 4)
                out[i + 1] = hexDigit(byte & 0x0F)
                i += 2
            }
            return 64
        }
    }
}
