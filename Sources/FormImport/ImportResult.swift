import QAModel

/// What an import produced: the template, and every part of the platform's form that could not be carried
/// over exactly (each with the JSON path it came from and the reason).
public struct ImportResult: Hashable, Sendable {
    public var scorecard: Scorecard
    public var losses: [ImportLoss]

    public init(scorecard: Scorecard, losses: [ImportLoss]) {
        self.scorecard = scorecard
        self.losses = losses
    }

    /// Whether the platform's form was carried over exactly.
    public var isExact: Bool { losses.isEmpty }
}

/// One thing in a platform's form that the imported template does not say exactly as the platform does.
public struct ImportLoss: Hashable, Sendable, CustomStringConvertible {
    /// Where in the source JSON it was found, e.g. `$.EvaluationForm.Items[0].Section.Items[1].Question`.
    public var path: String
    /// What was not carried over exactly, in a QA analyst's words.
    public var what: String
    /// Why, and what the template does instead.
    public var reason: String

    public init(path: String, what: String, reason: String) {
        self.path = path
        self.what = what
        self.reason = reason
    }

    public var description: String { "\(path): \(what) — \(reason)" }
}

/// One problem that makes a platform's form unreadable, with the JSON path of the offending value.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}

/// The form could not be imported; every problem found in the pass is listed.
public struct FormImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
