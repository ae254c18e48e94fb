/// The rule for the identifying fields of a record (evaluation, call, agent, team and assessor ids; template id
/// and version), shared by the JSON and CSV readers: no NUL. A NUL cannot be typed, is cut off by many tools and
/// files, and is always a sign of a broken export (issue 17: it was accepted). Other control characters are
/// accepted and made harmless where they are shown: every renderer escapes or replaces them for its medium
/// (`TextEscaping`).
enum RecordIdentifiers {
    /// Why this id cannot be used, or `nil` when it can (emptiness is checked by the readers' `required`).
    static func problem(_ value: String) -> String? {
        // Read over the string's own bytes (a generic walk of the UTF-8 view cost 5% of a CSV run).
        let hasNUL = value.utf8.withContiguousStorageIfAvailable { $0.firstIndex(of: 0) != nil } ?? value.utf8.contains(0)
        return hasNUL ? "contains a NUL character (a broken export?); ids must be plain text" : nil
    }
}
