import Foundation
import JSON
import QAModel

/// One past evaluation read from a platform's export: our evaluation record against the imported template, and
/// the score the platform stored for it (when the export carries one).
public struct PlatformEvaluation: Hashable, Sendable {
    /// The record, its answers keyed by template ids (matched through the template's `platform-id`s).
    public var evaluation: Evaluation
    /// The platform's own total (0–100): Connect `Metadata.Score.Percentage`, Genesys `answers.totalScore`.
    public var platformScore: Double?
    /// Where in the file it was found (`$`, `$[3]`, `$.entities[0]`).
    public var path: String

    public init(evaluation: Evaluation, platformScore: Double?, path: String) {
        self.evaluation = evaluation
        self.platformScore = platformScore
        self.path = path
    }
}

extension PlatformEvaluation {
    /// One evaluation per id: where several copies share an id, the one evaluated last (`evaluatedAt`; the first
    /// read on a tie), in the place of its first copy. Connect writes each evaluation to two S3 paths (admin guide,
    /// "Known issue: Two output files for the same evaluation") and writes it again when it is edited and
    /// resubmitted, so a copied `Evaluations/` prefix holds repeats. Returns what is kept and how many were dropped.
    public static func latestOfEach<Item>(_ items: [Item], _ evaluation: (Item) -> PlatformEvaluation)
        -> (kept: [Item], dropped: Int) {
        var position: [String: Int] = [:]
        var kept: [Item] = []
        for item in items {
            let id = evaluation(item).evaluation.id
            if let index = position[id] {
                if evaluation(item).evaluation.evaluatedAt > evaluation(kept[index]).evaluation.evaluatedAt { kept[index] = item }
            } else {
                position[id] = kept.count
                kept.append(item)
            }
        }
        return (kept, items.count - kept.count)
    }
}

/// What one export file gave: the evaluations read, every problem (each naming its JSON path) and the answers
/// left out because the template has no criterion for their question (free-text questions, say).
public struct EvaluationImportResult: Hashable, Sendable {
    public var evaluations: [PlatformEvaluation]
    public var problems: [ImportProblem]
    /// Answers to questions the template left out (free text, dates, NPS): counted, not carried.
    public var answersLeftOut: Int
}

/// The template's kept platform ids: platform question id → criterion, platform answer id → option id,
/// platform group id → section. The one place past answers are matched to an imported template.
public struct PlatformReferences: Sendable {
    /// A criterion found by its platform id, with its options by their platform ids.
    public struct CriterionReference: Sendable {
        public var criterionID: String
        public var optionIDs: [String: String]
        public var isNumeric: Bool
    }

    public let criteria: [String: CriterionReference]
    /// Platform group id → section id, for sections that may be marked N/A as a whole.
    public let sections: [String: (id: String, allowsNotApplicable: Bool)]

    public init(_ scorecard: Scorecard) {
        var criteria: [String: CriterionReference] = [:]
        var sections: [String: (id: String, allowsNotApplicable: Bool)] = [:]
        for section in scorecard.sections {
            if let reference = section.platformID { sections[reference] = (section.id, section.allowsNotApplicable) }
            for criterion in section.criteria {
                guard let reference = criterion.platformID else { continue }
                var options: [String: String] = [:]
                var isNumeric = false
                switch criterion.answerType {
                case .choice(let list), .multiSelect(let list, _):
                    for option in list { if let optionReference = option.platformID { options[optionReference] = option.id } }
                case .numeric:
                    isNumeric = true
                default:
                    break
                }
                criteria[reference] = CriterionReference(criterionID: criterion.id, optionIDs: options, isNumeric: isNumeric)
            }
        }
        self.criteria = criteria
        self.sections = sections
    }

    /// Whether the template keeps any platform id (a template imported before ids were kept keeps none).
    public var isEmpty: Bool { criteria.isEmpty }
}

/// Reads past evaluations as the platforms export them and turns them into our evaluation records against an
/// imported template. No I/O: callers pass the file's bytes.
///
/// * Amazon Connect: the `DescribeContactEvaluation` response (`{"Evaluation": {…}, "EvaluationForm": {…}}`), a
///   bare `Evaluation` object, the evaluation Connect exports to the instance's S3 bucket (`{"schemaVersion": …,
///   "evaluationId": …, "metadata": {…}, "sections": […], "questions": […]}`, admin guide "Agent evaluation form
///   output"), or a list of any of them. Each item's shape is recognised by its keys.
/// * Genesys Cloud: the evaluation as `GET /api/v2/quality/conversations/{conversationId}/evaluations/{evaluationId}`
///   returns it, a list of them, or a listing (`{"entities": […]}`).
public enum PlatformEvaluationImporter {
    /// Whether a file name is Connect's record of a *deleted* evaluation in the S3 export (`…_DELETED.json`, as
    /// AWS's own sample reader names and skips them: aws-samples/amazon-connect-data-analytics-sample,
    /// `cdk-stacks/lambdas/services/EvaluationFormsService.js`). Such files are not past evaluations to import.
    public static func isDeletedConnectExport(fileName: String) -> Bool {
        fileName.hasSuffix("_DELETED.json")
    }

    public static func importEvaluations(_ data: Data, from platform: FormPlatform, template: Scorecard)
        throws(FormImportError) -> EvaluationImportResult {
        let root = JSONNode(value: try FormJSON.parse(data, limit: FormImporter.sizeLimit), path: "$")
        var reader = PlatformEvaluationReader(platform: platform, template: template)
        return reader.read(root)
    }
}

/// Walks an export file and reads each evaluation in it, collecting problems per evaluation (a bad evaluation
/// is reported and left out; the others are read).
struct PlatformEvaluationReader {
    let platform: FormPlatform
    let template: Scorecard
    let references: PlatformReferences
    private var evaluations: [PlatformEvaluation] = []
    private var problems: [ImportProblem] = []
    private var answersLeftOut = 0

    init(platform: FormPlatform, template: Scorecard) {
        self.platform = platform
        self.template = template
        self.references = PlatformReferences(template)
    }

    mutating func read(_ root: JSONNode) -> EvaluationImportResult {
        let items: [JSONNode]
        switch root.value {
        case .array:
            items = root.elements()
        case .object where root.member("entities") != nil:
            items = root.member("entities")?.elements() ?? []
        case .object:
            items = [root]
        default:
            problems.append(ImportProblem(path: "$", message: "expected a JSON object or a list of evaluations"))
            items = []
        }
        if references.isEmpty {
            problems.append(ImportProblem(
                path: "$", message: "the template keeps no platform ids; import the form again with qa scorecard import, then import its evaluations against the new template"))
            return EvaluationImportResult(evaluations: [], problems: problems, answersLeftOut: 0)
        }
        for item in items {
            let log = ProblemLog()
            let read: PlatformEvaluation?
            if platform == .genesys {
                read = readGenesys(item, log)
            } else if ConnectExportShape(item) == .s3Export {
                read = readConnectExport(item, log)
            } else {
                read = readConnect(item, log)
            }
            problems.append(contentsOf: log.problems)
            if let read, log.problems.isEmpty { evaluations.append(read) }
        }
        return EvaluationImportResult(evaluations: evaluations, problems: problems, answersLeftOut: answersLeftOut)
    }

    // MARK: - Amazon Connect

    /// `DescribeContactEvaluation`: `Evaluation.Metadata` (ContactId, EvaluatorArn, ContactAgentId, Score),
    /// `Evaluation.Answers` (question RefId → `Value`: StringValue / StringValues / NumericValue / NotApplicable),
    /// `Evaluation.Notes` (RefId → `Value`), `CreatedTime`, `LastModifiedTime`.
    private mutating func readConnect(_ item: JSONNode, _ log: ProblemLog) -> PlatformEvaluation? {
        guard let evaluation = item.object("Evaluation", log) ?? (item.member("Answers") != nil ? item : nil) else {
            log.problem(item.path, "this is not an Amazon Connect evaluation: expected a DescribeContactEvaluation response "
                        + "(with \"Evaluation\") or an evaluation Connect exported to S3 (with \"evaluationId\", \"metadata\" and \"questions\")")
            return nil
        }
        if let version = item.object("EvaluationForm", log)?.number("EvaluationFormVersion", log) {
            checkFormVersion(version, path: "\(item.path).EvaluationForm.EvaluationFormVersion", log)
        }
        let id = evaluation.requiredString("EvaluationId", log) ?? ""
        let metadata = evaluation.object("Metadata", log)
        if metadata == nil { log.problem("\(evaluation.path).Metadata", "this field is required but missing") }
        let contact = metadata?.requiredString("ContactId", log) ?? ""
        let agent = metadata?.requiredString("ContactAgentId", log) ?? ""
        let assessor = Self.lastSegment(metadata?.requiredString("EvaluatorArn", log) ?? "")
        let score = metadata?.object("Score", log)
        let platformScore = score?.bool("NotApplicable", log) == true ? nil : score?.number("Percentage", log)
        let created = timestamp(evaluation, "CreatedTime", log)
        let modified = timestamp(evaluation, "LastModifiedTime", log) ?? created

        var answers: [String: AnswerValue] = [:]
        if let answerMap = evaluation.object("Answers", log) {
            for (reference, node) in answerMap.members() {
                guard let question = references.criteria[reference] else { answersLeftOut += 1; continue }
                guard let value = node.object("Value", log) else { continue }
                if value.bool("NotApplicable", log) == true {
                    answers[question.criterionID] = .notApplicable
                } else if let text = value.string("StringValue", log) {
                    if let option = option(text, of: question, reference: reference, path: value.path, log) {
                        answers[question.criterionID] = .token(option)
                    }
                } else if let list = value.member("StringValues") {
                    var chosen: [String] = []
                    for element in list.elements() {
                        guard case .string(let text) = element.value else {
                            log.problem(element.path, "expected an option RefId, found \(element.value.kindName)")
                            continue
                        }
                        if let option = option(text, of: question, reference: reference, path: element.path, log) { chosen.append(option) }
                    }
                    answers[question.criterionID] = .tokens(chosen)
                } else if let number = value.number("NumericValue", log) {
                    answers[question.criterionID] = .number(number)
                }
            }
        }
        var comments: [String: String] = [:]
        if let notes = evaluation.object("Notes", log) {
            for (reference, node) in notes.members() {
                guard let question = references.criteria[reference], let text = node.string("Value", log), !text.isEmpty else { continue }
                comments[question.criterionID] = text
            }
        }
        guard let created, let modified else { return nil }
        return PlatformEvaluation(
            evaluation: Evaluation(
                id: id, callID: contact, agentID: agent, assessorID: assessor, scorecardID: template.id,
                scorecardVersion: template.version, callDate: created.day, evaluatedAt: modified,
                answers: answers, comments: comments),
            platformScore: platformScore, path: item.path)
    }


    // MARK: - Amazon Connect, the evaluation exported to S3

    /// The JSON Connect writes to the instance's S3 bucket for each submitted evaluation (admin guide, "Agent
    /// evaluation form output", https://docs.aws.amazon.com/connect/latest/adminguide/evaluationforms-example-output-file.html):
    /// `evaluationId`; `metadata` (`contactId`, `agentId`, `evaluator`, `evaluationDefinitionVersion`,
    /// `evaluationStartTimestamp`, `evaluationSubmitTimestamp`, `score.percentage`); `questions[]` with
    /// `questionRefId`, `questionType` and `answer` (`values[]` of `valueRefId` + `selected` for selection
    /// questions, `value` for numbers, `notes`, `metadata.notApplicable`). Questions are matched by RefId and
    /// options by `valueRefId`, exactly as the API response's answers are.
    private mutating func readConnectExport(_ item: JSONNode, _ log: ProblemLog) -> PlatformEvaluation? {
        let id = item.requiredString("evaluationId", log) ?? ""
        let metadata = item.object("metadata", log)
        if metadata == nil { log.problem("\(item.path).metadata", "this field is required but missing") }
        let contact = metadata?.requiredString("contactId", log) ?? ""
        let agent = metadata?.requiredString("agentId", log) ?? ""
        // `evaluator` is who last submitted it; `creator` who started it (admin guide) — the fallback when absent.
        let assessor = (metadata?.member("evaluator") == nil ? metadata?.string("creator", log) : nil)
            ?? metadata?.requiredString("evaluator", log) ?? ""
        if let version = metadata?.number("evaluationDefinitionVersion", log) {
            checkFormVersion(version, path: "\(item.path).metadata.evaluationDefinitionVersion", log)
        }
        let score = metadata?.object("score", log)
        let platformScore = score?.bool("notApplicable", log) == true ? nil : score?.number("percentage", log)
        let started = metadata.flatMap { timestamp($0, "evaluationStartTimestamp", log) }
        let submitted = metadata.flatMap { timestamp($0, "evaluationSubmitTimestamp", log) }
        if metadata != nil, started == nil, submitted == nil {
            log.problem("\(item.path).metadata.evaluationSubmitTimestamp", "this field is required but missing")
        }

        var answers: [String: AnswerValue] = [:]
        var comments: [String: String] = [:]
        if item.member("questions") == nil { log.problem("\(item.path).questions", "this field is required but missing") }
        for question in item.array("questions", log) {
            guard let reference = question.requiredString("questionRefId", log) else { continue }
            guard let criterion = references.criteria[reference] else { answersLeftOut += 1; continue }
            guard let answer = question.object("answer", log) else { continue }
            if let text = answer.string("notes", log), !text.isEmpty { comments[criterion.criterionID] = text }
            if answer.object("metadata", log)?.bool("notApplicable", log) == true {
                answers[criterion.criterionID] = .notApplicable
                continue
            }
            if let values = answer.member("values") {
                var chosen: [String] = []
                var notApplicable = false
                for value in values.elements() {
                    guard value.isObject else {
                        log.problem(value.path, "expected an answer option (valueRefId, selected), found \(value.value.kindName)")
                        continue
                    }
                    guard value.bool("selected", log) == true, let option = value.requiredString("valueRefId", log) else { continue }
                    if option == Self.connectNotApplicableOption, criterion.optionIDs[option] == nil {
                        notApplicable = true
                    } else if let id = self.option(option, of: criterion, reference: reference, path: "\(value.path).valueRefId", log) {
                        chosen.append(id)
                    }
                }
                if case .array = values.value {} else {
                    log.problem(values.path, "expected a list of answer options, found \(values.value.kindName)")
                }
                if notApplicable {
                    answers[criterion.criterionID] = .notApplicable
                } else if question.string("questionType", log) == "MULTISELECT" {
                    answers[criterion.criterionID] = .tokens(chosen)
                } else if chosen.count == 1, let only = chosen.first {
                    answers[criterion.criterionID] = .token(only)
                } else if chosen.count > 1 {
                    log.problem("\(answer.path).values", "question \(reference) (criterion '\(criterion.criterionID)') takes one answer, but \(chosen.count) are selected")
                }
            } else if let value = answer.member("value") {
                switch value.value {
                case .number(let number) where number.isFinite:
                    answers[criterion.criterionID] = .number(number)
                case .string(let text) where text.isEmpty:
                    break  // not answered
                case .string(let text):
                    if !criterion.isNumeric {
                        log.problem(value.path, "question \(reference) (criterion '\(criterion.criterionID)') is answered by choosing options, so its answer should be in answer.values with \"selected\": true")
                    } else if let number = Double(text), number.isFinite {
                        answers[criterion.criterionID] = .number(number)
                    } else {
                        log.problem(value.path, "question \(reference) (criterion '\(criterion.criterionID)') expects a number, found \"\(text)\"")
                    }
                default:
                    log.problem(value.path, "expected a number or text, found \(value.value.kindName)")
                }
            }
        }
        guard let begun = started ?? submitted, let evaluated = submitted ?? started else { return nil }
        return PlatformEvaluation(
            evaluation: Evaluation(
                id: id, callID: contact, agentID: agent, assessorID: assessor, scorecardID: template.id,
                scorecardVersion: template.version, callDate: begun.day, evaluatedAt: evaluated,
                answers: answers, comments: comments),
            platformScore: platformScore, path: item.path)
    }

    /// The `valueRefId` Connect exports for the "N/A" choice of an optional question (admin guide, "Sample
    /// exported evaluation"): selected, it marks the question not applicable.
    static let connectNotApplicableOption = "system_default_null_value"

    /// An evaluation made on another version of the form than the template's is reported: its answers may not
    /// match the template's questions, and its stored score was computed by that version's rules.
    private func checkFormVersion(_ version: Double, path: String, _ log: ProblemLog) {
        guard formatNumber(version) != template.version else { return }
        log.problem(path, "this evaluation was made on version \(formatNumber(version)) of the form, but the template was imported from version \(template.version); import that version's form (aws connect describe-evaluation-form --evaluation-form-version \(formatNumber(version))) and use its template")
    }

    // MARK: - Genesys Cloud

    /// The platform API's `Evaluation`: `conversation.id`, `agent.id`, `evaluator.id`, `conversationDate`,
    /// `changedDate`, and `answers` (`totalScore`; `questionGroupScores[]` with `questionGroupId`, `markedNA` and
    /// `questionScores[]` of `questionId`, `answerId`, `markedNA`, `comments`).
    private mutating func readGenesys(_ item: JSONNode, _ log: ProblemLog) -> PlatformEvaluation? {
        guard item.isObject, item.member("answers") != nil else {
            log.problem(item.path, "this is not a Genesys Cloud evaluation: \"answers\" is missing")
            return nil
        }
        let id = item.requiredString("id", log) ?? ""
        let conversation = item.object("conversation", log)?.requiredString("id", log) ?? ""
        let agent = item.object("agent", log)?.requiredString("id", log) ?? ""
        let assessor = item.object("evaluator", log)?.requiredString("id", log) ?? ""
        if item.member("conversation") == nil { log.problem("\(item.path).conversation", "this field is required but missing") }
        if item.member("agent") == nil { log.problem("\(item.path).agent", "this field is required but missing") }
        if item.member("evaluator") == nil { log.problem("\(item.path).evaluator", "this field is required but missing") }
        let changed = timestamp(item, "changedDate", log) ?? timestamp(item, "releaseDate", log)
        let called = timestamp(item, "conversationDate", log) ?? changed
        let scoring = item.object("answers", log)
        let platformScore = scoring?.number("totalScore", log)

        var answers: [String: AnswerValue] = [:]
        var comments: [String: String] = [:]
        for group in scoring?.array("questionGroupScores", log) ?? [] {
            let groupReference = group.string("questionGroupId", log)
            if group.bool("markedNA", log) == true, let reference = groupReference, let section = references.sections[reference] {
                if section.allowsNotApplicable {
                    answers[Evaluation.sectionKey(section.id)] = .notApplicable
                    continue
                }
            }
            for score in group.array("questionScores", log) {
                guard let reference = score.string("questionId", log) else {
                    log.problem("\(score.path).questionId", "this field is required but missing")
                    continue
                }
                guard let question = references.criteria[reference] else { answersLeftOut += 1; continue }
                if let text = score.string("comments", log), !text.isEmpty { comments[question.criterionID] = text }
                if score.bool("markedNA", log) == true {
                    answers[question.criterionID] = .notApplicable
                } else if let answer = score.string("answerId", log) {
                    if let option = option(answer, of: question, reference: reference, path: "\(score.path).answerId", log) {
                        answers[question.criterionID] = .token(option)
                    }
                }
            }
        }
        guard let changed, let called else { return nil }
        return PlatformEvaluation(
            evaluation: Evaluation(
                id: id, callID: conversation, agentID: agent, assessorID: assessor, scorecardID: template.id,
                scorecardVersion: template.version, callDate: called.day, evaluatedAt: changed,
                answers: answers, comments: comments),
            platformScore: platformScore, path: item.path)
    }

    // MARK: - Shared

    /// The template option kept for a platform answer id, or a problem naming both ids.
    private func option(_ answer: String, of question: PlatformReferences.CriterionReference, reference: String,
                        path: String, _ log: ProblemLog) -> String? {
        if let option = question.optionIDs[answer] { return option }
        log.problem(path, "question \(reference) (criterion '\(question.criterionID)') has no answer with platform id \"\(answer)\"; was the evaluation made on another version of the form? Import that version's form and use its template")
        return nil
    }

    /// An ISO 8601 timestamp or epoch seconds (Connect's JSON protocol); a problem when present but unreadable.
    private func timestamp(_ node: JSONNode, _ key: String, _ log: ProblemLog) -> Timestamp? {
        guard let child = node.member(key) else { return nil }
        switch child.value {
        case .string(let text):
            if let stamp = Timestamp(text) { return stamp }
        case .number(let seconds) where seconds.isFinite && abs(seconds) < 1e11:
            return Timestamp(secondsSinceEpoch: Int(seconds.rounded(.down)))
        default:
            break
        }
        log.problem(child.path, "expected a date and time (ISO 8601, e.g. 2026-03-02T14:05:00Z, or epoch seconds)")
        return nil
    }

    /// The user id at the end of an ARN (`arn:aws:connect:…:instance/…/agent/ID` → `ID`).
    static func lastSegment(_ arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }
}

/// Which of Connect's two evaluation shapes a JSON object is: the `DescribeContactEvaluation` response (PascalCase
/// keys, `Evaluation` or `Answers`) or the evaluation exported to S3 (camelCase keys: `evaluationId` with
/// `metadata` or `questions`, usually also `schemaVersion`).
enum ConnectExportShape: Equatable {
    case apiResponse
    case s3Export

    init(_ node: JSONNode) {
        let exported = node.member("evaluationId") != nil
            && (node.member("metadata") != nil || node.member("questions") != nil || node.member("schemaVersion") != nil)
        self = exported && node.member("Evaluation") == nil && node.member("Answers") == nil ? .s3Export : .apiResponse
    }
}

extension JSONNode {
    /// The elements of this list (empty when it is not one).
    func elements() -> [JSONNode] {
        guard case .array(let elements) = value else { return [] }
        return elements.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]") }
    }

    /// The members of this object in document order (empty when it is not one).
    func members() -> [(String, JSONNode)] {
        guard case .object(let object) = value else { return [] }
        return object.members.map { ($0.key, JSONNode(value: $0.value, path: "\(path).\($0.key)")) }
    }
}
