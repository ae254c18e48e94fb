import QAModel

/// One problem found in a template, printed compiler style: `path:line:column: error: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Whether the problem stops the template from being used.
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
    }

    public var path: String
    public var position: SourcePosition
    public var severity: Severity
    public var message: String
    /// The rule that found it (`xml`, `schema`, or a semantic check's name), for tests and filtering.
    public var rule: String

    public init(path: String, position: SourcePosition, severity: Severity, message: String, rule: String) {
        self.path = path
        self.position = position
        self.severity = severity
        self.message = message
        self.rule = rule
    }

    public var description: String {
        "\(path):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    }
}

/// A problem a semantic check found, before the file path is attached.
public struct Finding: Hashable, Sendable {
    public var position: SourcePosition
    public var severity: Diagnostic.Severity
    public var message: String
    public var rule: String

    public init(_ position: SourcePosition, _ message: String, severity: Diagnostic.Severity = .error, rule: String = "") {
        self.position = position
        self.severity = severity
        self.message = message
        self.rule = rule
    }
}

/// The outcome of loading a template: the model when it has no errors, and every diagnostic (errors and warnings).
/// At most `ScorecardLoader.maxDiagnostics` diagnostics are kept (the first by position); `omitted` counts the rest.
public struct ScorecardLoadResult: Sendable {
    public var scorecard: Scorecard?
    public var diagnostics: [Diagnostic]
    /// Problems found but not kept, past the cap (errors and warnings alike).
    public var omitted: Int

    public init(scorecard: Scorecard?, diagnostics: [Diagnostic], omitted: Int = 0) {
        self.scorecard = scorecard
        self.diagnostics = diagnostics
        self.omitted = omitted
    }

    /// "… and 4,900 more problems not shown", or nil when nothing was left out.
    public var omittedNote: String? {
        guard omitted > 0 else { return nil }
        return "\(omitted) more problem\(omitted == 1 ? "" : "s") not shown (only the first "
            + "\(ScorecardLoader.maxDiagnostics) are listed); fix these and check again"
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var isValid: Bool { scorecard != nil }
}

/// A template file could not be read at all (exit code 3 in the CLI).
public struct ScorecardFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): error: cannot read the file: \(reason)" }
}
