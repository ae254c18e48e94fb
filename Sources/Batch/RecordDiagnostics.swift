import TextEscaping
import Diagnostics
import QAModel
import Records
import Scoring

/// Record problems (`Records.RecordProblem`) and check failures (`Scoring.CheckFailure`) as diagnostics: the one
/// place where they are converted, with a rule id for each kind of problem.
public enum RecordDiagnostics {
    /// Rule ids of record problems (see docs/diagnostics.md).
    public enum RuleID {
        public static let record = "record.shape"
        public static let csvHeader = "record.csv-header"
        public static let csvRow = "record.csv-row"
        public static let duplicateID = "record.duplicate-id"
    }

    /// A record whose evaluation id an earlier record in the same run already used.
    public static func duplicateID(_ id: String, _ where_: RecordLocation) -> Diagnostic {
        Diagnostic(location(where_, id: id), rule: RuleID.duplicateID,
                   message: "this evaluation id was already used by an earlier record in this input; only the first is scored "
                       + "(give each evaluation its own id, or remove the copy)",
                   plural: "use evaluation ids already used by earlier records in this input; only the first of each is scored")
    }

    /// A record for a template version the workspace does not hold.
    public static func templateMissing(_ header: Evaluation, _ where_: RecordLocation) -> Diagnostic {
        let named = "template \(Quoting.quoted(header.scorecardID, kind: "id")) version \(Quoting.quoted(header.scorecardVersion, kind: "version"))"
        return Diagnostic(location(where_, id: header.id), rule: Rule.templateMismatch,
                          message: "is for \(named), which is not in the workspace; import that template first (qa import TEMPLATE.xml)",
                          plural: "are for \(named), which is not in the workspace; import that template first (qa import TEMPLATE.xml)")
    }

    /// A record whose evaluation id the workspace already holds for an evaluation of another template.
    public static func idUsedByAnotherTemplate(_ header: Evaluation, storedTemplate: String, _ where_: RecordLocation) -> Diagnostic {
        Diagnostic(location(where_, id: header.id), rule: RuleID.duplicateID,
                   message: "this evaluation id is already used in the workspace by an evaluation of template "
                       + "\(Quoting.quoted(storedTemplate, kind: "id")); evaluation ids must be unique across the workspace "
                       + "(give these evaluations ids of their own, e.g. with a prefix)",
                   plural: "use evaluation ids the workspace already holds for evaluations of template "
                       + "\(Quoting.quoted(storedTemplate, kind: "id")); evaluation ids must be unique across the workspace")
    }

    /// A record-reading problem as a diagnostic.
    public static func diagnostic(_ p: RecordProblem) -> Diagnostic {
        let rule: String
        if p.message.contains("header") {
            rule = RuleID.csvHeader
        } else if p.location.row != nil && p.message.contains("columns but the header") {
            rule = RuleID.csvRow
        } else {
            rule = RuleID.record
        }
        return Diagnostic(location(p.location, id: p.evaluationID, field: p.field), rule: rule, message: p.message)
    }

    /// The problems of a record that failed the check against the template. A record written for another template
    /// or version gives that one problem only: its other problems follow from it.
    public static func diagnostics(_ header: Evaluation, _ where_: RecordLocation, _ failure: CheckFailure,
                                   plan: ScoringPlan) -> [Diagnostic] {
        let card = plan.scorecard
        if header.scorecardID != card.id || header.scorecardVersion != card.version {
            let found = "template \(Quoting.quoted(header.scorecardID, kind: "id")) version \(Quoting.quoted(header.scorecardVersion, kind: "version"))"
            let given = "template given is '\(card.id)' version '\(card.version)'"
            return [Diagnostic(
                location(where_, id: header.id), rule: Rule.templateMismatch,
                message: "scored against \(found), but the \(given); score it with the matching template",
                plural: "are for \(found), but the \(given); score them with the matching template")]
        }
        return failure.problems.map { problem in
            Diagnostic(location(where_, id: header.id, criterion: problem.criterion), rule: rule(of: problem),
                       message: problem.message)
        }
    }

    /// The kind of a check problem: the rule id Scoring gave it.
    static func rule(of problem: AnswerProblem) -> String { problem.rule.rawValue }

    /// A record's location as a diagnostic location.
    public static func location(_ l: RecordLocation, id: String? = nil, criterion: String? = nil,
                                field: String? = nil) -> DiagnosticLocation {
        DiagnosticLocation(file: l.file, line: l.line, row: l.row, recordID: id, criterion: criterion, field: field)
    }
}
