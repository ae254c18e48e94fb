import JSON
import QAModel

/// Reads an Amazon Connect evaluation form (API reference: `EvaluationForm`, `EvaluationFormSection`,
/// `EvaluationFormQuestion`, `EvaluationFormItemEnablementConfiguration`) into a template.
struct ConnectFormReader {
    private let log = ProblemLog()
    private var ids = IdentifierAllocator()
    private var questions: [String: QuestionEntry] = [:]
    private var mode: ScoringMode = .questionOnly

    /// A question found in the first pass: its template id and its options' ids by Connect `RefId`.
    private struct QuestionEntry {
        var criterionID: String
        var optionIDs: [String: String]
        /// All option ids in order (for `EXACT` conditions).
        var allOptionIDs: [String]
        var carried: Bool
        var path: String
    }

    /// A section in document order, after flattening subsections.
    private struct SectionEntry {
        var node: JSONNode
        var refID: String
        var title: String
        var sectionID: String
        var questions: [JSONNode]
        var hasSubsections = false
    }

    mutating func read(_ root: JSONNode) throws(FormImportError) -> ImportResult {
        guard root.isObject else {
            throw FormImportError(problems: [ImportProblem(path: "$", message: "expected a JSON object (a Connect evaluation form)")])
        }
        let form: JSONNode
        if let wrapped = root.member("EvaluationForm") {
            guard wrapped.isObject else {
                throw FormImportError(problems: [ImportProblem(path: wrapped.path, message: "expected an object, found \(wrapped.value.kindName)")])
            }
            form = wrapped
        } else if root.member("Items") != nil {
            form = root
        } else {
            throw FormImportError(problems: [ImportProblem(
                path: "$", message: "this is not a Connect evaluation form: expected \"EvaluationForm\" or \"Items\" at the top")])
        }

        let title = form.requiredString("Title", log) ?? ""
        readScoringStrategy(form)
        let sections = collectSections(form)
        registerQuestions(sections)
        var built: [Section] = []
        for entry in sections {
            if let section = buildSection(entry) { built.append(section) }
        }
        if built.isEmpty, log.problems.isEmpty {
            log.problem("\(form.path).Items", "the form has no question that can be carried over")
        }
        if log.problems.isEmpty { FormImporter.requireScoredQuestion(built, log: log) }
        let bands = readBands(form.object("ScoringStrategy", log))
        guard log.problems.isEmpty else { throw FormImportError(problems: log.problems) }

        var scorecardIDs = IdentifierAllocator()
        let version = form.number("EvaluationFormVersion", log).map { formatNumber($0) } ?? "1"
        let scorecard = Scorecard(
            id: scorecardIDs.allocate(from: title, prefix: "form"),
            version: version,
            title: title,
            description: form.string("Description", log) ?? "",
            owner: "Imported from Amazon Connect",
            effectiveDate: FormImporter.effectiveDate(form.member("LastModifiedTime") ?? form.member("CreatedTime"), log: log),
            scoring: mode,
            categories: [FormImporter.importedCategory],
            sections: built,
            passMark: 0,
            bands: bands.isEmpty ? [FormImporter.unbandedBand] : bands
        )
        return ImportResult(scorecard: scorecard, losses: log.losses)
    }

    // MARK: - Form level

    private mutating func readScoringStrategy(_ form: JSONNode) {
        guard let strategy = form.object("ScoringStrategy", log) else {
            log.loss("\(form.path).ScoringStrategy", what: "no scoring strategy",
                     reason: "Connect does not score this form; the template scores it by question weights (question-only)")
            return
        }
        switch strategy.requiredString("Mode", log) {
        case "QUESTION_ONLY": mode = .questionOnly
        case "SECTION_ONLY": mode = .sectionOnly
        case "POINTS_BASED": mode = .points
        case nil: break
        case let other?:
            log.problem("\(strategy.path).Mode", "unknown scoring mode \"\(other)\"; expected QUESTION_ONLY, SECTION_ONLY or POINTS_BASED")
        }
        switch strategy.requiredString("Status", log) {
        case "ENABLED", nil: break
        case "DISABLED":
            log.loss("\(strategy.path).Status", what: "scoring is switched off (DISABLED)",
                     reason: "templates always produce a score; this one scores with the form's \(mode.rawValue) weights")
        case let other?:
            log.problem("\(strategy.path).Status", "unknown scoring status \"\(other)\"; expected ENABLED or DISABLED")
        }
    }

    private func readBands(_ strategy: JSONNode?) -> [Band] {
        guard let strategy else { return [] }
        var bands: [Band] = []
        for threshold in strategy.array("ScoreThresholds", log) {
            guard let category = threshold.requiredString("PerformanceCategory", log) else { continue }
            let min = threshold.number("MinScorePercentage", log) ?? 0
            let max = threshold.number("MaxScorePercentage", log) ?? 100
            bands.append(Band(id: IdentifierAllocator.kebab(category, maxLength: 48), title: Self.performanceTitle(category), min: min, max: max))
        }
        return Self.fillingGaps(bands)
    }

    /// Bands highest first, with the score ranges Connect leaves without a performance category (between its
    /// thresholds, or below/above them) given a band of their own, since every template score needs a band.
    static func fillingGaps(_ bands: [Band]) -> [Band] {
        guard !bands.isEmpty else { return [] }
        var filled: [Band] = []
        var ids = IdentifierAllocator()
        for band in bands { ids.reserve(band.id) }
        var covered = 0.0
        for band in bands.sorted(by: { $0.min < $1.min }) {
            if band.min > covered {
                filled.append(Band(id: ids.allocate(from: "no-category", prefix: "band"), title: "No performance category", min: covered, max: band.min))
            }
            filled.append(band)
            covered = Swift.max(covered, band.max)
        }
        if covered < 100 {
            filled.append(Band(id: ids.allocate(from: "no-category", prefix: "band"), title: "No performance category", min: covered, max: 100))
        }
        return filled.reversed()
    }

    private static func performanceTitle(_ category: String) -> String {
        switch category {
        case "NEEDS_IMPROVEMENT": return "Needs improvement"
        case "EXCEEDS_EXPECTATIONS": return "Exceeds expectations"
        default: return category.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    // MARK: - Sections (flattening Connect's two-level nesting)

    private mutating func collectSections(_ form: JSONNode) -> [SectionEntry] {
        let items = form.array("Items", log)
        if form.member("Items") == nil { log.problem("\(form.path).Items", "this field is required but missing") }
        var entries: [SectionEntry] = []
        for item in items {
            if let section = item.object("Section", log) {
                collect(section, parentTitle: nil, into: &entries)
            } else if item.member("Question") != nil {
                log.problem("\(item.path).Question", "a question must be inside a section (Connect: \"Questions must be contained in a section\")")
            } else {
                log.problem(item.path, "expected an item with \"Section\" or \"Question\"")
            }
        }
        return entries
    }

    private mutating func collect(_ section: JSONNode, parentTitle: String?, into entries: inout [SectionEntry]) {
        let refID = section.requiredString("RefId", log) ?? ""
        let ownTitle = section.requiredString("Title", log) ?? ""
        let title = parentTitle.map { "\($0) › \(ownTitle)" } ?? ownTitle
        if parentTitle != nil {
            log.loss(section.path, what: "subsection \"\(ownTitle)\" (RefId \(refID))",
                     reason: "templates have one level of sections; it becomes a section of its own, titled \"\(title)\"")
        }
        if let instructions = section.string("Instructions", log), !instructions.isEmpty {
            log.loss("\(section.path).Instructions", what: "section instructions",
                     reason: "template sections have no guidance text; copy it into the criteria's guidance if it matters")
        }
        let index = entries.count
        entries.append(SectionEntry(node: section, refID: refID, title: title, sectionID: "", questions: []))
        var nested: [JSONNode] = []
        for item in section.array("Items", log) {
            if let question = item.object("Question", log) {
                entries[index].questions.append(question)
            } else if let sub = item.object("Section", log) {
                nested.append(sub)
            } else {
                log.problem(item.path, "expected an item with \"Section\" or \"Question\"")
            }
        }
        entries[index].hasSubsections = !nested.isEmpty
        entries[index].sectionID = ids.allocate(from: refID.isEmpty ? ownTitle : refID, prefix: "section")
        for sub in nested { collect(sub, parentTitle: title, into: &entries) }
    }

    // MARK: - Questions, first pass: ids

    private mutating func registerQuestions(_ sections: [SectionEntry]) {
        for section in sections {
            for question in section.questions {
                guard let refID = question.requiredString("RefId", log) else { continue }
                if let earlier = questions[refID] {
                    log.problem("\(question.path).RefId", "RefId \"\(refID)\" is used twice (first at \(earlier.path)); RefIds must be unique in a form")
                    continue
                }
                var optionIDs: [String: String] = [:]
                var order: [String] = []
                var optionAllocator = IdentifierAllocator()
                for option in Self.choiceOptions(question, log) {
                    guard let optionRef = option.requiredString("RefId", log) else { continue }
                    let id = optionAllocator.allocate(from: optionRef, prefix: "option")
                    optionIDs[optionRef] = id
                    order.append(id)
                }
                let type = question.string("QuestionType", log) ?? ""
                questions[refID] = QuestionEntry(
                    criterionID: ids.allocate(from: refID, prefix: "q"), optionIDs: optionIDs, allOptionIDs: order,
                    carried: ["SINGLESELECT", "MULTISELECT", "NUMERIC"].contains(type), path: question.path)
            }
        }
    }

    private static func choiceOptions(_ question: JSONNode, _ log: ProblemLog) -> [JSONNode] {
        guard let properties = question.member("QuestionTypeProperties") else { return [] }
        if let single = properties.member("SingleSelect") { return single.array("Options", log) }
        if let multi = properties.member("MultiSelect") { return multi.array("Options", log) }
        return []
    }

    // MARK: - Sections and questions, second pass

    private mutating func buildSection(_ entry: SectionEntry) -> Section? {
        var criteria: [Criterion] = []
        for question in entry.questions {
            if let criterion = buildCriterion(question, sectionRef: entry.refID) { criteria.append(criterion) }
        }
        guard !criteria.isEmpty else {
            if !entry.questions.isEmpty || !entry.hasSubsections {
                log.loss(entry.node.path, what: "section \"\(entry.title)\"",
                         reason: "none of its questions can be carried over, so the template has no such section")
            }
            return nil
        }
        var weight = entry.node.number("Weight", log)
        if mode == .sectionOnly, weight == 0 {
            weight = 1
            criteria = criteria.map { var unscored = $0; unscored.scored = false; unscored.bonus = false; return unscored }
            log.loss("\(entry.node.path).Weight", what: "section weight 0",
                     reason: "template weights must be above 0; its questions are kept as unscored criteria (asked and recorded, never in the score), which leaves the total unchanged")
        }
        let condition = entry.node.object("Enablement", log).flatMap { enablement(of: $0) }
        return Section(
            id: entry.sectionID, title: entry.title,
            weight: mode == .sectionOnly ? weight : nil,
            condition: condition, criteria: criteria, platformID: entry.refID.isEmpty ? nil : entry.refID)
    }

    private mutating func buildCriterion(_ question: JSONNode, sectionRef: String) -> Criterion? {
        guard let refID = question.string("RefId", log), let entry = questions[refID], entry.path == question.path else { return nil }
        let title = question.requiredString("Title", log) ?? ""
        let type = question.requiredString("QuestionType", log)
        let properties = question.object("QuestionTypeProperties", log)
        var scored = true
        var bonus = false
        var thresholds: [Threshold] = []
        var pointsCap: Double?
        if let scoring = question.object("ScoringConfiguration", log) {
            if scoring.bool("IsExcludedFromScoring", log) == true { scored = false }
            if let points = scoring.object("PointsConfiguration", log) {
                if points.bool("IsBonus", log) == true { bonus = true }
                // A points-based multi-select's "Set cap" (admin guide, step 5.2: "a maximum point value cap for
                // the question") is its MaxPointValue; elsewhere the points come from the options or ranges.
                let capsMultiSelect = mode == .points && type == "MULTISELECT"
                if capsMultiSelect { pointsCap = points.number("MaxPointValue", log) }
                if points.member("MinPointValue") != nil || (!capsMultiSelect && points.member("MaxPointValue") != nil) {
                    log.loss("\(points.path)", what: "question point range (MinPointValue/MaxPointValue)",
                             reason: "the template takes a question's points from its answer options or ranges")
                }
            }
            thresholds = readThresholds(scoring)
        }

        let answerType: AnswerType
        var critical: CriticalRule?
        switch type {
        case "SINGLESELECT":
            guard let single = properties?.object("SingleSelect", log) else {
                log.problem("\(question.path).QuestionTypeProperties.SingleSelect", "a SINGLESELECT question needs its options")
                return nil
            }
            let (options, failing) = readOptions(single, entry: entry)
            answerType = .choice(options: options)
            critical = failingRule(failing, answers: .answers(Set(failing.map(\.id))), sectionRef: sectionRef, question: question)
            if scored { checkTopScore(answerType, question: question) }
        case "MULTISELECT":
            guard let multi = properties?.object("MultiSelect", log) else {
                log.problem("\(question.path).QuestionTypeProperties.MultiSelect", "a MULTISELECT question needs its options")
                return nil
            }
            let (options, failing) = readOptions(multi, entry: entry)
            answerType = .multiSelect(options: options, max: Self.multiSelectCap(options, mode: mode, cap: pointsCap))
            critical = failingRule(failing, answers: .answers(Set(failing.map(\.id))), sectionRef: sectionRef, question: question)
        case "NUMERIC":
            guard let numeric = properties?.object("Numeric", log) else {
                log.problem("\(question.path).QuestionTypeProperties.Numeric", "a NUMERIC question needs MinValue and MaxValue")
                return nil
            }
            let (ranges, failing) = readRanges(numeric, scored: &scored, questionRef: refID)
            answerType = .numeric(ranges: ranges)
            critical = failingRule(failing, answers: .answers([]), sectionRef: sectionRef, question: question)
            // Step 5.1 scores number ranges "worst to best" out of 10, as it does options.
            if scored { checkTopScore(answerType, question: question) }
        case "TEXT", "DATETIME":
            log.loss(question.path, what: "\(type == "TEXT" ? "free-text" : "date/time") question \"\(title)\" (RefId \(refID))",
                     reason: "templates have no \(type == "TEXT" ? "free-text" : "date") answers; assessors can use the comment of a nearby criterion")
            return nil
        case nil:
            return nil
        case let other?:
            log.loss(question.path, what: "question \"\(title)\" of type \(other)",
                     reason: "this question type is not one the importer knows; it is left out")
            return nil
        }

        let weight = question.number("Weight", log)
        var criterionWeight = 1.0
        if mode == .questionOnly, let weight {
            if weight > 0 {
                criterionWeight = weight
            } else if scored {
                scored = false
                log.loss("\(question.path).Weight", what: "question weight 0",
                         reason: "template weights must be above 0; the question is kept as an unscored criterion (asked and recorded, never in the score), which leaves the total unchanged")
            }
        }
        var criterion = Criterion(
            id: entry.criterionID,
            category: FormImporter.importedCategory.id,
            prompt: title,
            guidance: question.string("Instructions", log) ?? "",
            answerType: answerType,
            weight: criterionWeight,
            allowsNotApplicable: question.bool("NotApplicableEnabled", log) ?? false,
            scored: scored,
            bonus: bonus,
            critical: critical,
            condition: question.object("Enablement", log).flatMap { enablement(of: $0) },
            thresholds: thresholds,
            platformID: refID
        )
        FormImporter.settleScoring(&criterion, path: question.path, log: log)
        return criterion
    }

    /// The most a multi-select question can earn. In the percentage modes the admin guide ("Create an evaluation
    /// form", step 5.1: "the total score is the sum of selected options' scores, capped at 10") caps it at 10; in
    /// points-based forms (step 5.2: "their point values are summed. Optionally, select Set cap …") it is the sum
    /// of the options' points, all chosen, or the question's cap (`MaxPointValue`) when that is lower.
    static func multiSelectCap(_ options: [ChoiceOption], mode: ScoringMode, cap: Double? = nil) -> Double {
        switch mode {
        case .questionOnly, .sectionOnly: return connectTopScore
        default:
            let all = options.filter { !$0.bonus && $0.points > 0 }.map(\.points).reduce(0, +)
            guard let cap, cap > 0 else { return all }
            return Swift.min(all, cap)
        }
    }

    /// The most one answer scores in Connect's percentage modes (`Score`: 0–10, API reference).
    static let connectTopScore = 10.0

    /// Options of a single- or multi-select question, and those marked automatic fail (with their nodes).
    private func readOptions(_ properties: JSONNode, entry: QuestionEntry) -> ([ChoiceOption], [(id: String, node: JSONNode)]) {
        var options: [ChoiceOption] = []
        var failing: [(id: String, node: JSONNode)] = []
        let nodes = properties.array("Options", log)
        if nodes.isEmpty { log.problem("\(properties.path).Options", "a choice question needs at least one option") }
        FormImporter.requireTwoAnswers(nodes, path: "\(properties.path).Options", log: log)
        for option in nodes {
            guard let ref = option.string("RefId", log), let id = entry.optionIDs[ref] else { continue }
            let text = option.requiredString("Text", log) ?? ""
            var points = option.number("Score", log) ?? 0
            var bonus = false
            if let configuration = option.object("PointsConfiguration", log), mode == .points {
                points = configuration.number("PointValue", log) ?? points
                bonus = configuration.bool("IsBonus", log) ?? false
            }
            if points < 0 {
                log.loss(option.path, what: "negative points (\(formatNumber(points))) on option \(ref)",
                         reason: "template answers earn 0 or more; the option earns 0")
                points = 0
            }
            options.append(ChoiceOption(id: id, label: text, points: points, bonus: bonus, platformID: ref))
            if option.bool("AutomaticFail", log) == true { failing.append((id, option)) }
        }
        return (options, failing)
    }

    private func readRanges(_ numeric: JSONNode, scored: inout Bool, questionRef: String) -> ([NumericRange], [(id: String, node: JSONNode)]) {
        let low = numeric.number("MinValue", log)
        let high = numeric.number("MaxValue", log)
        if low == nil { log.problem("\(numeric.path).MinValue", "this field is required but missing") }
        if high == nil { log.problem("\(numeric.path).MaxValue", "this field is required but missing") }
        var ranges: [NumericRange] = []
        var failing: [(id: String, node: JSONNode)] = []
        for option in numeric.array("Options", log) {
            let min = option.number("MinValue", log)
            let max = option.number("MaxValue", log)
            if min == nil { log.problem("\(option.path).MinValue", "this field is required but missing") }
            if max == nil { log.problem("\(option.path).MaxValue", "this field is required but missing") }
            let fails = option.bool("AutomaticFail", log) == true
            // Points-based forms give each range a point value (admin guide, step 5.2: "assign a point value to
            // each range"; API: the range's PointsConfiguration.PointValue); percentage forms a Score of 0–10.
            var points = option.number("Score", log) ?? 0
            if mode == .points, let configuration = option.object("PointsConfiguration", log) {
                points = configuration.number("PointValue", log) ?? points
                if configuration.bool("IsBonus", log) == true {
                    log.loss("\(configuration.path).IsBonus", what: "bonus range on question \(questionRef)",
                             reason: "template number ranges cannot be bonus answers; the range is scored as an ordinary one, so its points count in the question's maximum")
                }
            }
            if points < 0 {
                log.loss(option.path, what: "negative points (\(formatNumber(points))) on a range of question \(questionRef)",
                         reason: "template answers earn 0 or more; the range earns 0")
                points = 0
            }
            ranges.append(NumericRange(min: min, max: max, points: points, fails: fails))
            if fails { failing.append(("range", option)) }
        }
        if ranges.isEmpty {
            // Connect can ask for a number without scoring it; the template records it, unscored.
            ranges = [NumericRange(min: low, max: high, points: 0)]
            if scored {
                scored = false
                log.loss(numeric.path, what: "numeric question without score ranges",
                         reason: "it has nothing to score by; the template asks it as an unscored (informational) criterion")
            }
        } else if let low, let high {
            let covered = (ranges.compactMap(\.min).min(), ranges.compactMap(\.max).max())
            if covered.0 != low || covered.1 != high {
                log.loss(numeric.path, what: "allowed values \(formatNumber(low))–\(formatNumber(high))",
                         reason: "the template accepts only values inside its score ranges (\(formatNumber(covered.0 ?? low))–\(formatNumber(covered.1 ?? high)))")
            }
        }
        return (ranges, failing)
    }

    /// The critical rule for a question's automatic-fail answers, scoped as Connect's `AutomaticFailConfiguration` says.
    private func failingRule(_ failing: [(id: String, node: JSONNode)], answers: AnswerMatch, sectionRef: String, question: JSONNode) -> CriticalRule? {
        guard !failing.isEmpty else { return nil }
        var scopes: [CriticalScope] = []
        for (_, option) in failing {
            let target = option.object("AutomaticFailConfiguration", log)?.string("TargetSection", log)
            switch target {
            case nil:
                scopes.append(.form)
            case sectionRef?:
                scopes.append(.section)
            case let other?:
                scopes.append(.flag)
                log.loss("\(option.path).AutomaticFailConfiguration.TargetSection",
                         what: "automatic fail of another section (\(other))",
                         reason: "a template's critical answer can fail the whole form or its own section only; it is imported as a flag (reported, score untouched)")
            }
        }
        let order: [CriticalScope] = [.form, .section, .flag]
        let scope = order.first { scopes.contains($0) } ?? .form
        if Set(scopes).count > 1 {
            log.loss(question.path, what: "automatic-fail answers with different reaches",
                     reason: "a template criterion has one critical scope; all its failing answers now use the widest (\(scope.rawValue))")
        }
        return CriticalRule(scope: scope, failingAnswers: answers)
    }

    private func checkTopScore(_ type: AnswerType, question: JSONNode) {
        guard mode == .questionOnly || mode == .sectionOnly else { return }
        let top = type.possiblePoints
        // A question whose answers are all worth 0 becomes unscored (FormImporter.settleScoring), with its own loss.
        if top != 10, top > 0 {
            log.loss(question.path, what: "answer scores whose best is \(formatNumber(top)), not 10",
                     reason: "Connect's published example scores answers out of 10; the template scores this question against its best answer (\(formatNumber(top))), which may differ from Connect")
        }
    }

    private func readThresholds(_ scoring: JSONNode) -> [Threshold] {
        var thresholds: [Threshold] = []
        for threshold in scoring.array("ScoreThresholds", log) {
            let category = threshold.string("PerformanceCategory", log) ?? ""
            if category == "NEEDS_IMPROVEMENT", let max = threshold.number("MaxScorePercentage", log) {
                thresholds.append(Threshold(title: Self.performanceTitle(category), below: max))
                log.loss(threshold.path, what: "question threshold \"Needs improvement\" up to \(formatNumber(max)) %",
                         reason: "template thresholds apply below a value; a score of exactly \(formatNumber(max)) is not flagged")
            } else {
                log.loss(threshold.path, what: "question threshold \(category)",
                         reason: "template thresholds only flag scores below a value")
            }
        }
        return thresholds
    }

    // MARK: - Enablement → Condition

    private func enablement(of node: JSONNode) -> Condition? {
        let action = node.requiredString("Action", log)
        guard let conditionNode = node.object("Condition", log) else {
            log.problem("\(node.path).Condition", "this field is required but missing")
            return nil
        }
        let condition = parseCondition(conditionNode)
        let fallback = node.string("DefaultAction", log) ?? (action == "ENABLE" ? "DISABLE" : "ENABLE")
        for (key, value) in [("Action", action), ("DefaultAction", fallback)] where value != nil && value != "ENABLE" && value != "DISABLE" {
            log.problem("\(node.path).\(key)", "expected ENABLE or DISABLE, found \"\(value ?? "")\"")
        }
        guard let action, let condition else { return nil }
        if action == fallback {
            log.loss(node.path, what: "an enablement whose action and default are both \(action)",
                     reason: "it never changes anything; the template \(action == "ENABLE" ? "always asks" : "still asks") the question")
            return nil
        }
        return action == "ENABLE" ? condition : Self.negate(condition)
    }

    private func parseCondition(_ node: JSONNode) -> Condition? {
        let operands = node.array("Operands", log)
        if operands.isEmpty { log.problem("\(node.path).Operands", "a condition needs at least one operand") }
        var parts: [Condition] = []
        for operand in operands {
            if let expression = operand.object("Expression", log) {
                if let part = parseExpression(expression) { parts.append(part) }
            } else if let nested = operand.object("Condition", log) {
                if let part = parseCondition(nested) { parts.append(part) }
            } else {
                log.problem(operand.path, "expected an operand with \"Expression\" or \"Condition\"")
            }
        }
        guard parts.count == operands.count, !parts.isEmpty else { return nil }
        if parts.count == 1 { return parts[0] }
        switch node.string("Operator", log) {
        case "OR": return .any(parts)
        case "AND": return .all(parts)
        case nil:
            log.loss(node.path, what: "a condition with several operands and no Operator",
                     reason: "Connect leaves the operator unstated; the template requires all operands (AND)")
            return .all(parts)
        case let other?:
            log.problem("\(node.path).Operator", "expected AND or OR, found \"\(other)\"")
            return nil
        }
    }

    private func parseExpression(_ node: JSONNode) -> Condition? {
        guard let source = node.object("Source", log) else {
            log.problem("\(node.path).Source", "this field is required but missing")
            return nil
        }
        if let type = source.string("Type", log), type != "QUESTION_REF_ID" {
            log.problem("\(source.path).Type", "expected QUESTION_REF_ID, found \"\(type)\"")
            return nil
        }
        guard let questionRef = source.requiredString("RefId", log) else { return nil }
        guard let entry = questions[questionRef] else {
            log.problem("\(source.path).RefId", "no question in this form has RefId \"\(questionRef)\"")
            return nil
        }
        guard entry.carried else {
            log.problem("\(source.path).RefId", "question \"\(questionRef)\" has no answer options to test, so it cannot drive a condition")
            return nil
        }
        var values: [String] = []
        var valid = true
        for value in node.array("Values", log) {
            if let type = value.string("Type", log), type != "OPTION_REF_ID" {
                log.problem("\(value.path).Type", "expected OPTION_REF_ID, found \"\(type)\"")
                valid = false
                continue
            }
            guard let ref = value.requiredString("RefId", log) else { valid = false; continue }
            guard let id = entry.optionIDs[ref] else {
                log.problem("\(value.path).RefId", "question \"\(questionRef)\" has no option with RefId \"\(ref)\"")
                valid = false
                continue
            }
            values.append(id)
        }
        guard valid else { return nil }
        if values.isEmpty { log.problem("\(node.path).Values", "an expression needs at least one value"); return nil }
        let criterion = entry.criterionID
        switch node.requiredString("Comparator", log) {
        case "IN":
            return .answerIs(criterion: criterion, anyOf: Set(values), position: .unknown)
        case "NOT_IN":
            return .answerIsNot(criterion: criterion, noneOf: Set(values), position: .unknown)
        case "ALL_IN":
            if values.count == 1 { return .answerIs(criterion: criterion, anyOf: Set(values), position: .unknown) }
            return .all(values.map { .answerIs(criterion: criterion, anyOf: [$0], position: .unknown) })
        case "EXACT":
            var parts: [Condition] = values.map { .answerIs(criterion: criterion, anyOf: [$0], position: .unknown) }
            let others = Set(entry.allOptionIDs).subtracting(values)
            if !others.isEmpty { parts.append(.answerIsNot(criterion: criterion, noneOf: others, position: .unknown)) }
            return parts.count == 1 ? parts[0] : .all(parts)
        case nil:
            return nil
        case let other?:
            log.problem("\(node.path).Comparator", "expected IN, NOT_IN, ALL_IN or EXACT, found \"\(other)\"")
            return nil
        }
    }

    /// The condition that holds exactly when `condition` does not.
    static func negate(_ condition: Condition) -> Condition {
        switch condition {
        case .answerIs(let criterion, let tokens, let position):
            return .answerIsNot(criterion: criterion, noneOf: tokens, position: position)
        case .answerIsNot(let criterion, let tokens, let position):
            return .answerIs(criterion: criterion, anyOf: tokens, position: position)
        case .all(let parts):
            return .any(parts.map(negate))
        case .any(let parts):
            return .all(parts.map(negate))
        }
    }
}
