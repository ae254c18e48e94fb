import DelimitedText
import JSON
import QAModel
import TextEscaping

/// A contiguous run of audit entries (no gaps in `seq`) with what is needed to check it on its own: `anchor` is
/// the hash of the entry just before the first one (the genesis hash when the slice starts at entry 1), and
/// `head` the log's last entry when the slice was taken, which a lead keeps to find a later truncation.
public struct AuditSlice: Sendable, Equatable {
    public var entries: [StoredAuditEntry]
    public var anchor: String
    public var headSeq: Int64
    public var headHash: String

    public init(entries: [StoredAuditEntry], anchor: String, headSeq: Int64, headHash: String) {
        self.entries = entries
        self.anchor = anchor
        self.headSeq = headSeq
        self.headHash = headHash
    }
}

/// What checking the log against a kept anchor (an entry's number and hash, printed by `verify` or found in
/// an export) found.
public enum AuditAnchorCheck: Sendable, Equatable {
    /// The entry is there with the same hash: nothing up to it was cut or rewritten.
    case matches
    /// The log ends before the entry: its tail was removed.
    case missing(lastSeq: Int64)
    /// The entry is there with another hash: the log up to it was rewritten (and re-chained).
    case differs
}

extension AuditLog {
    private static let columns = "seq, at, actor, action, subject, details, previous_hash, hash"

    private static func stored(_ row: SQLRow) -> StoredAuditEntry {
        let atText = row.text(1) ?? ""
        return StoredAuditEntry(
            seq: row.integer(0) ?? 0,
            entry: AuditEntry(at: Timestamp(atText) ?? Timestamp(secondsSinceEpoch: 0), actor: row.text(2) ?? "",
                              action: row.text(3) ?? "", subject: row.text(4) ?? "", details: row.text(5) ?? ""),
            atText: atText, previousHash: row.text(6) ?? "", hash: row.text(7) ?? "")
    }

    /// The last entry's number and hash (0 and the genesis hash for an empty log): the value to keep as an
    /// anchor.
    public static func head(_ session: SQLSession) throws -> (seq: Int64, hash: String) {
        let (seq, hash) = try last(session)
        return (seq, hash)
    }

    /// One entry by its number, or nil.
    public static func entry(_ session: SQLSession, seq: Int64) throws -> StoredAuditEntry? {
        try session.first("SELECT \(columns) FROM audit_log WHERE seq = ?", .integer(seq)).map(stored)
    }

    /// The entries written on the days `from`…`to` (both included; nil = open), as one contiguous slice: from
    /// the first entry written on or after `from` to the last written before the day after `to`, every entry
    /// in between included (so the slice chains even if a clock went back).
    public static func slice(_ session: SQLSession, from: CalendarDay?, to: CalendarDay?) throws -> AuditSlice {
        let head = try head(session)
        var low: Int64 = 1
        var high: Int64 = head.seq
        if let from {
            low = try session.first("SELECT MIN(seq) FROM audit_log WHERE at >= ?", .text(from.description))?.integer(0)
                ?? (head.seq + 1)
        }
        if let to {
            high = try session.first("SELECT MAX(seq) FROM audit_log WHERE at < ?",
                                     .text(to.adding(days: 1).description))?.integer(0) ?? 0
        }
        var entries: [StoredAuditEntry] = []
        if low <= high {
            try session.forEachRow("SELECT \(columns) FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq",
                                   [.integer(low), .integer(high)]) { row in
                entries.append(stored(row))
                return true
            }
        }
        let anchor: String
        if let first = entries.first {
            anchor = first.previousHash
        } else {
            anchor = try entry(session, seq: high)?.hash ?? genesis
        }
        return AuditSlice(entries: entries, anchor: anchor, headSeq: head.seq, headHash: head.hash)
    }

    /// Checks a slice on its own: consecutive numbers, each entry chained to the one before (the first to
    /// `anchor`, when given), and each hash recomputed from the entry's content.
    public static func verify(entries: [StoredAuditEntry], anchor: String? = nil) -> Verification {
        guard let first = entries.first else { return .intact(entries: 0) }
        var expectedSeq = first.seq
        var previous = anchor ?? first.previousHash
        if first.seq == 1 && previous != genesis {
            return .broken(seq: 1, reason: "the first entry does not start the chain")
        }
        for stored in entries {
            if stored.seq != expectedSeq {
                return .broken(seq: stored.seq, reason: stored.seq > expectedSeq
                               ? "entries \(expectedSeq)–\(stored.seq - 1) are missing" : "the sequence repeats or goes back")
            }
            if stored.previousHash != previous {
                return .broken(seq: stored.seq, reason: "it does not chain to the entry before it")
            }
            let recomputed = hash(seq: stored.seq, at: stored.atText, actor: stored.entry.actor,
                                  action: stored.entry.action, subject: stored.entry.subject,
                                  details: stored.entry.details, previous: previous)
            if recomputed != stored.hash {
                return .broken(seq: stored.seq, reason: "its content was changed after it was written")
            }
            previous = stored.hash
            expectedSeq += 1
        }
        return .intact(entries: entries.count)
    }

    /// Whether the log still holds entry `seq` with hash `hash` (an anchor kept from `verify` or an export).
    public static func check(anchorSeq seq: Int64, hash: String, _ session: SQLSession) throws -> AuditAnchorCheck {
        guard let found = try entry(session, seq: seq) else {
            return .missing(lastSeq: try head(session).seq)
        }
        return found.hash == hash ? .matches : .differs
    }
}

/// The file formats of `qa audit export`.
public enum AuditExportFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv
}

/// Writing and reading exported audit slices. JSON Lines: a first line describing the slice (`"kind":
/// "qa-audit-export"`, the period, the anchor and the log's head when exported), then one entry per line. CSV:
/// a header and one entry per row (each row carries its `previous_hash`, so the first row's is the anchor).
public enum AuditExport {
    public static let csvColumns = ["seq", "at", "actor", "action", "subject", "details", "previous_hash", "hash"]

    /// The slice in `format`, piece by piece (`write` is called with each line).
    public static func write(_ slice: AuditSlice, format: AuditExportFormat, from: CalendarDay?, to: CalendarDay?,
                             exportedAt: Timestamp, _ write: (String) throws -> Void) throws {
        switch format {
        case .jsonl:
            var head = "{\"kind\":\"qa-audit-export\",\"version\":1"
            head += ",\"from\":" + (from.map { Escaping.jsonString($0.description) } ?? "null")
            head += ",\"to\":" + (to.map { Escaping.jsonString($0.description) } ?? "null")
            head += ",\"exported_at\":" + Escaping.jsonString(exportedAt.description)
            head += ",\"entries\":\(slice.entries.count)"
            head += ",\"first_seq\":" + (slice.entries.first.map { String($0.seq) } ?? "null")
            head += ",\"last_seq\":" + (slice.entries.last.map { String($0.seq) } ?? "null")
            head += ",\"anchor\":" + Escaping.jsonString(slice.anchor)
            head += ",\"head_seq\":\(slice.headSeq),\"head_hash\":" + Escaping.jsonString(slice.headHash) + "}\n"
            try write(head)
            for stored in slice.entries {
                var line = "{\"seq\":\(stored.seq)"
                line += ",\"at\":" + Escaping.jsonString(stored.atText)
                line += ",\"actor\":" + Escaping.jsonString(stored.entry.actor)
                line += ",\"action\":" + Escaping.jsonString(stored.entry.action)
                line += ",\"subject\":" + Escaping.jsonString(stored.entry.subject)
                line += ",\"details\":" + Escaping.jsonString(stored.entry.details)
                line += ",\"previous_hash\":" + Escaping.jsonString(stored.previousHash)
                line += ",\"hash\":" + Escaping.jsonString(stored.hash) + "}\n"
                try write(line)
            }
        case .csv:
            let writer = CSVWriter()
            try write(writer.record(csvColumns))
            for stored in slice.entries {
                try write(writer.record([String(stored.seq), stored.atText, stored.entry.actor, stored.entry.action,
                                         stored.entry.subject, stored.entry.details, stored.previousHash, stored.hash]))
            }
        }
    }

    /// What an exported file holds: its entries and, for JSON Lines, the anchor and head it recorded.
    public struct Contents: Sendable {
        public var entries: [StoredAuditEntry]
        public var anchor: String?
        public var headSeq: Int64?
        public var headHash: String?
    }

    /// Reads an exported file (either format, told apart by its first byte). Throws a message in plain words
    /// for a file that is not an audit export.
    public static func read(_ bytes: [UInt8]) throws -> Contents {
        if bytes.first == UInt8(ascii: "{") { return try readJSONLines(bytes) }
        return try readCSV(bytes)
    }

    private static func readJSONLines(_ bytes: [UInt8]) throws -> Contents {
        var contents = Contents(entries: [])
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNumber += 1
            let value: JSONValue
            do {
                value = try JSONReader.read(Array(line), limits: JSONLimits(maximumBytes: 1 << 20))
            } catch {
                throw WorkspaceError("line \(lineNumber) is not JSON: \(error)")
            }
            if lineNumber == 1 {
                guard case .string("qa-audit-export") = value["kind"] else {
                    throw WorkspaceError("this is not an audit export of qa (its first line does not say so)")
                }
                if case .string(let anchor) = value["anchor"] { contents.anchor = anchor }
                if case .string(let hash) = value["head_hash"] { contents.headHash = hash }
                contents.headSeq = integer(value["head_seq"])
                continue
            }
            func text(_ key: String) throws -> String {
                guard case .string(let text) = value[key] else {
                    throw WorkspaceError("line \(lineNumber) has no \(key)")
                }
                return text
            }
            guard let seq = integer(value["seq"]) else { throw WorkspaceError("line \(lineNumber) has no seq") }
            contents.entries.append(try entry(seq: seq, at: text("at"), actor: text("actor"), action: text("action"),
                                              subject: text("subject"), details: text("details"),
                                              previous: text("previous_hash"), hash: text("hash")))
        }
        return contents
    }

    private static func integer(_ value: JSONValue?) -> Int64? {
        switch value {
        case .integer(let i): return Int64(i.description)
        case .number(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    private static func readCSV(_ bytes: [UInt8]) throws -> Contents {
        var reader = CSVReader(bytes: bytes)
        guard let header = try reader.next(), header.fields == csvColumns else {
            throw WorkspaceError("this is not an audit export of qa (its header is not "
                + csvColumns.joined(separator: ",") + ")")
        }
        var contents = Contents(entries: [])
        while let row = try reader.next() {
            let f = row.fields.map(CSVWriter.removingFormulaGuard)
            guard f.count == csvColumns.count, let seq = Int64(f[0]) else {
                throw WorkspaceError("line \(row.line) is not an audit entry")
            }
            contents.entries.append(entry(seq: seq, at: f[1], actor: f[2], action: f[3], subject: f[4], details: f[5],
                                          previous: f[6], hash: f[7]))
        }
        contents.anchor = contents.entries.first?.previousHash
        return contents
    }

    private static func entry(seq: Int64, at: String, actor: String, action: String, subject: String, details: String,
                              previous: String, hash: String) -> StoredAuditEntry {
        StoredAuditEntry(seq: seq,
                         entry: AuditEntry(at: Timestamp(at) ?? Timestamp(secondsSinceEpoch: 0), actor: actor,
                                           action: action, subject: subject, details: details),
                         atText: at, previousHash: previous, hash: hash)
    }
}
