import JSON
import QAModel

/// Reads a Genesys Cloud evaluation form (platform API models `EvaluationForm`, `EvaluationQuestionGroup`,
/// `EvaluationQuestion`, `AnswerOption`, `VisibilityCondition`) into a template scored by scaled points.
///
/// Genesys ids are opaque GUIDs that change with every published version (`contextId` is the stable one), so
/// template ids are derived from the group names, question texts and answer texts instead.
struct GenesysFormReader {
    private let log = ProblemLog()
    private var ids = IdentifierAllocator(maxLength: 40)
    /// `[group][question]` → the question's template id and answer option ids (nil when not carried over).
    private var table: [[QuestionEntry?]] = []
    /// Whether group weights apply (`weightMode` is not `OFF`): scaled points, or plain points when off.
    private var groupWeightsApply = true
    /// How many groups, questions and answers came without a platform id (past evaluations cannot be matched).
    private var missingPlatformIDs = 0

    private struct QuestionEntry {
        var criterionID: String
        var optionIDs: [String]
    }

    mutating func read(_ root: JSONNode) throws(FormImportError) -> ImportResult {
        guard root.isObject else {
            throw FormImportError(problems: [ImportProblem(path: "$", message: "expected a JSON object (a Genesys Cloud evaluation form)")])
        }
        guard root.member("questionGroups") != nil else {
            throw FormImportError(problems: [ImportProblem(
                path: "$.questionGroups", message: "this is not a Genesys Cloud evaluation form: \"questionGroups\" is missing")])
        }
        let name = root.requiredString("name", log) ?? ""
        readWeightMode(root)
        let groups = root.array("questionGroups", log)
        if groups.isEmpty { log.problem("$.questionGroups", "a form needs at least one question group") }
        var groupIDs: [String] = []
        for group in groups {
            groupIDs.append(ids.allocate(from: group.string("name", log) ?? "", prefix: "group"))
            registerQuestions(of: group)
        }
        var sections: [Section] = []
        for (index, group) in groups.enumerated() {
            if let section = buildSection(group, index: index, id: groupIDs[index]) { sections.append(section) }
        }
        if sections.isEmpty, log.problems.isEmpty {
            log.problem("$.questionGroups", "the form has no question that can be carried over")
        }
        if log.problems.isEmpty { FormImporter.requireScoredQuestion(sections, log: log) }
        guard log.problems.isEmpty else { throw FormImportError(problems: log.problems) }
        if missingPlatformIDs > 0 {
            log.loss("$", what: "\(missingPlatformIDs) group\(missingPlatformIDs == 1 ? "" : "s"), question\(missingPlatformIDs == 1 ? "" : "s") or answer\(missingPlatformIDs == 1 ? "" : "s") without an \"id\"",
                     reason: "the template keeps no platform id for them, so past evaluations cannot be matched to them; export the form with its ids (GET /api/v2/quality/forms/evaluations/{formId})")
        }

        var scorecardIDs = IdentifierAllocator()
        let scorecard = Scorecard(
            id: scorecardIDs.allocate(from: name, prefix: "form"),
            version: "1",
            title: name,
            description: "",
            owner: "Imported from Genesys Cloud",
            effectiveDate: FormImporter.effectiveDate(root.member("modifiedDate"), log: log),
            scoring: groupWeightsApply ? .scaledPoints : .points,
            categories: [FormImporter.importedCategory],
            sections: sections,
            passMark: 0,
            bands: [FormImporter.unbandedBand]
        )
        return ImportResult(scorecard: scorecard, losses: log.losses)
    }

    /// `weightMode` `OFF`: group weights are not applied and the form scores plain points (Σ points / Σ possible
    /// points). Any other value (or none) keeps the documented group-weight formula.
    private mutating func readWeightMode(_ root: JSONNode) {
        guard let mode = root.string("weightMode", log) else { return }
        groupWeightsApply = mode.uppercased() != "OFF"
    }

    /// The platform id of a group, question or answer (`id`), counted when missing.
    private mutating func platformID(_ node: JSONNode) -> String? {
        guard let id = node.string("id", log), !id.isEmpty, id.count <= FormImporter.platformIDLimit else {
            missingPlatformIDs += 1
            return nil
        }
        return id
    }

    // MARK: - First pass: ids

    private mutating func registerQuestions(of group: JSONNode) {
        var row: [QuestionEntry?] = []
        for question in group.array("questions", log) {
            guard Self.isMultipleChoice(question, log) else { row.append(nil); continue }
            var optionAllocator = IdentifierAllocator(maxLength: 32)
            let options = question.array("answerOptions", log).map { option in
                optionAllocator.allocate(from: option.string("text", log) ?? "", prefix: "option")
            }
            let criterionID = ids.allocate(from: Self.shortened(question.string("text", log) ?? ""), prefix: "q")
            row.append(QuestionEntry(criterionID: criterionID, optionIDs: options))
        }
        table.append(row)
    }

    private static func isMultipleChoice(_ question: JSONNode, _ log: ProblemLog) -> Bool {
        switch question.string("type", log) {
        case "multipleChoiceQuestion": return true
        case nil: return question.member("answerOptions") != nil
        default: return false
        }
    }

    /// The first six words of a question, which make a readable id.
    private static func shortened(_ text: String) -> String {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).prefix(6).joined(separator: " ")
    }

    // MARK: - Second pass

    private mutating func buildSection(_ group: JSONNode, index: Int, id: String) -> Section? {
        let title = group.requiredString("name", log) ?? ""
        var criteria: [Criterion] = []
        for (questionIndex, question) in group.array("questions", log).enumerated() {
            if let criterion = buildCriterion(question, group: index, index: questionIndex) { criteria.append(criterion) }
        }
        if group.bool("defaultAnswersToNA", log) == true {
            log.loss("\(group.path).defaultAnswersToNA", what: "answers default to N/A",
                     reason: "templates cannot pre-fill N/A; assessors answer N/A themselves (the section allows it if the group did)")
        }
        if group.member("defaultAnswersTo") != nil {
            log.loss("\(group.path).defaultAnswersTo", what: "default scoring settings of the group",
                     reason: "only \"default answers to highest\" has a place in the template")
        }
        guard !criteria.isEmpty else {
            log.loss(group.path, what: "question group \"\(title)\"",
                     reason: "none of its questions can be carried over, so the template has no such section")
            return nil
        }
        var weight = group.number("weight", log)
        if !groupWeightsApply {
            return Section(
                id: id, title: title, weight: nil,
                condition: group.object("visibilityCondition", log).flatMap { visibility($0, group: index) },
                allowsNotApplicable: group.bool("naEnabled", log) ?? false,
                defaultsToTop: group.bool("defaultAnswersToHighest", log) ?? false,
                criteria: criteria, platformID: platformID(group))
        }
        if weight == 0 {
            weight = 1
            criteria = criteria.map { var unscored = $0; unscored.scored = false; return unscored }
            log.loss("\(group.path).weight", what: "group weight 0",
                     reason: "template weights must be above 0; its questions become unscored criteria (asked, recorded and still able to fail the evaluation), which leaves the total unchanged; they no longer count in the critical and non-critical scores")
        }
        if weight == nil {
            weight = 1
            log.loss("\(group.path).weight", what: "missing group weight",
                     reason: "the template gives the group weight 1")
        }
        return Section(
            id: id, title: title, weight: weight,
            condition: group.object("visibilityCondition", log).flatMap { visibility($0, group: index) },
            allowsNotApplicable: group.bool("naEnabled", log) ?? false,
            defaultsToTop: group.bool("defaultAnswersToHighest", log) ?? false,
            criteria: criteria, platformID: platformID(group))
    }

    private mutating func buildCriterion(_ question: JSONNode, group: Int, index: Int) -> Criterion? {
        let text = question.requiredString("text", log) ?? ""
        guard let entry = table[group][index] else {
            let type = question.string("type", log) ?? "unknown"
            log.loss(question.path, what: "\(Self.typeName(type)) \"\(text)\"",
                     reason: "the template has no such answer type; it is left out")
            return nil
        }
        let optionNodes = question.array("answerOptions", log)
        if optionNodes.isEmpty { log.problem("\(question.path).answerOptions", "a multiple-choice question needs answer options") }
        FormImporter.requireTwoAnswers(optionNodes, path: "\(question.path).answerOptions", log: log)
        var options: [ChoiceOption] = []
        for (position, option) in optionNodes.enumerated() {
            guard let value = option.number("value", log) else {
                if option.member("value") == nil {
                    log.problem("\(option.path).value", "each answer option needs its points (value)")
                }
                continue
            }
            var points = value
            if points < 0 {
                log.loss(option.path, what: "negative points (\(formatNumber(points)))",
                         reason: "template answers earn 0 or more; the answer earns 0")
                points = 0
            }
            options.append(ChoiceOption(id: entry.optionIDs[position], label: option.string("text", log) ?? "",
                                        points: points, platformID: platformID(option)))
            if !option.array("assistanceConditions", log).isEmpty {
                log.loss("\(option.path).assistanceConditions", what: "evaluation assistance topics",
                         reason: "the template has no speech-analytics hints")
            }
        }

        var critical: CriticalRule?
        let distinctValues = Set(options.map(\.points)).count
        let isCritical = question.bool("isCritical", log) == true
        if question.bool("isKill", log) == true {
            // A fatal-only question fails the evaluation but is not a critical question: it scores with the
            // non-critical ones (Resource Center: only critical questions make up the critical score).
            critical = CriticalRule(scope: .form, failingAnswers: .belowTop, countsInCriticalScore: isCritical)
            if distinctValues > 2 {
                log.loss("\(question.path).isKill", what: "fatal question with \(distinctValues) different answer values",
                         reason: "Genesys documents fatal questions for yes/no answers only; the template fails the form on any answer below the top one")
            }
        }
        if isCritical, critical == nil {
            critical = CriticalRule(scope: .flag, failingAnswers: .belowTop)
            log.loss("\(question.path).isCritical", what: "critical question",
                     reason: "kept as a critical criterion that is only flagged (score untouched) so it counts in the critical score; our reports also list each answer below the top one as a flag, which Genesys does not")
        }

        var criterion = Criterion(
            id: entry.criterionID,
            category: FormImporter.importedCategory.id,
            prompt: text,
            guidance: question.string("helpText", log) ?? "",
            answerType: .choice(options: options),
            weight: 1,
            allowsNotApplicable: question.bool("naEnabled", log) ?? false,
            critical: critical,
            condition: question.object("visibilityCondition", log).flatMap { visibility($0, group: group) },
            commentRequired: question.bool("commentsRequired", log) == true ? .any : nil,
            platformID: platformID(question)
        )
        FormImporter.settleScoring(&criterion, path: question.path, log: log)
        return criterion
    }

    private static func typeName(_ type: String) -> String {
        switch type {
        case "freeTextQuestion": return "free-text question"
        case "npsQuestion": return "Net Promoter Score question"
        case "readOnlyTextBlockQuestion": return "read-only text block"
        default: return "question of type \(type)"
        }
    }

    // MARK: - Visibility conditions

    private func visibility(_ node: JSONNode, group: Int) -> Condition? {
        let predicates = node.array("predicates", log)
        if predicates.isEmpty {
            log.problem("\(node.path).predicates", "a visibility condition needs at least one predicate")
            return nil
        }
        var references: [(criterion: String, option: String)] = []
        for predicate in predicates {
            guard case .string(let text) = predicate.value else {
                log.problem(predicate.path, "expected text like \"/form/questionGroup/0/question/1/answer/0\", found \(predicate.value.kindName)")
                continue
            }
            if let reference = resolve(text, currentGroup: group, path: predicate.path) { references.append(reference) }
        }
        guard references.count == predicates.count else { return nil }
        let operation = node.string("combiningOperation", log)
        if references.count == 1 || operation == "OR" {
            var byCriterion: [(String, Set<String>)] = []
            for reference in references {
                if let index = byCriterion.firstIndex(where: { $0.0 == reference.criterion }) {
                    byCriterion[index].1.insert(reference.option)
                } else {
                    byCriterion.append((reference.criterion, [reference.option]))
                }
            }
            let parts = byCriterion.map { Condition.answerIs(criterion: $0.0, anyOf: $0.1, position: .unknown) }
            return parts.count == 1 ? parts[0] : .any(parts)
        }
        switch operation {
        case "AND": break
        case nil:
            log.loss(node.path, what: "a visibility condition with several predicates and no combiningOperation",
                     reason: "the template requires all of them (AND)")
        case let other?:
            log.problem("\(node.path).combiningOperation", "expected AND or OR, found \"\(other)\"")
            return nil
        }
        return .all(references.map { .answerIs(criterion: $0.criterion, anyOf: [$0.option], position: .unknown) })
    }

    /// Resolves `/form/questionGroup/G/question/Q/answer/A` or `../question/Q/answer/A` (zero-based indexes).
    private func resolve(_ text: String, currentGroup: Int, path: String) -> (criterion: String, option: String)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let group: Int?
        let rest: ArraySlice<String>
        if parts.count == 7, parts[0] == "form", parts[1] == "questionGroup" {
            group = Int(parts[2])
            rest = parts[3...]
        } else if parts.count == 5, parts[0] == ".." {
            group = currentGroup
            rest = parts[1...]
        } else {
            log.problem(path, "\"\(text)\" is not an answer location; expected \"/form/questionGroup/{group}/question/{question}/answer/{answer}\" or \"../question/{question}/answer/{answer}\"")
            return nil
        }
        let fields = Array(rest)
        guard let group, fields[0] == "question", let question = Int(fields[1]), fields[2] == "answer", let answer = Int(fields[3]) else {
            log.problem(path, "\"\(text)\" is not an answer location; indexes must be whole numbers")
            return nil
        }
        guard table.indices.contains(group), table[group].indices.contains(question) else {
            log.problem(path, "\"\(text)\" points to question \(question) of group \(group), which does not exist (indexes start at 0)")
            return nil
        }
        guard let entry = table[group][question] else {
            log.problem(path, "\"\(text)\" points to a question that has no answer options, so it cannot drive a condition")
            return nil
        }
        guard entry.optionIDs.indices.contains(answer) else {
            log.problem(path, "\"\(text)\" points to answer \(answer), but that question has \(entry.optionIDs.count) answers (indexes start at 0)")
            return nil
        }
        return (entry.criterionID, entry.optionIDs[answer])
    }
}
