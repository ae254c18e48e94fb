import QAModel

/// How a template's rules read in words (conditions, critical answers, comment rules), the same in the
/// terminal and in the browser. Given the template, answers are named by their question and option labels;
/// without it, by their ids.
public enum Wording {
    /// "q1 is no", or with the template: "“Did the agent verify identity?” is answered No".
    public static func condition(_ condition: Condition, in scorecard: Scorecard? = nil) -> String {
        switch condition {
        case .answerIs(let id, let tokens, _):
            return subject(id, scorecard) + " " + answers(tokens, of: id, scorecard)
        case .answerIsNot(let id, let tokens, _):
            return subject(id, scorecard) + " not " + answers(tokens, of: id, scorecard)
        case .all(let parts):
            return parts.map { part in
                if case .any = part { return "(\(Self.condition(part, in: scorecard)))" }
                return Self.condition(part, in: scorecard)
            }.joined(separator: " and ")
        case .any(let parts):
            return parts.map { part in
                if case .all = part { return "(\(Self.condition(part, in: scorecard)))" }
                return Self.condition(part, in: scorecard)
            }.joined(separator: " or ")
        }
    }

    private static func subject(_ id: String, _ scorecard: Scorecard?) -> String {
        guard let prompt = scorecard?.criterion(id)?.prompt else { return "\(id) is" }
        return "the answer to “\(prompt)” is"
    }

    private static func answers(_ tokens: Set<String>, of id: String, _ scorecard: Scorecard?) -> String {
        guard let criterion = scorecard?.criterion(id) else { return tokens.sorted().joined(separator: " or ") }
        return tokens.sorted().map { label(of: $0, criterion) }.joined(separator: " or ")
    }

    /// An answer token as the form shows it: Yes, No, N/A, an option's label, a scale value with its anchor.
    public static func label(of token: String, _ criterion: Criterion) -> String {
        switch token {
        case "yes": return "Yes"
        case "no": return "No"
        case "na": return "N/A"
        default: break
        }
        switch criterion.answerType {
        case .choice(let options), .multiSelect(let options, _):
            return options.first { $0.id == token }?.label ?? token
        case .scale(_, _, let labels):
            if let value = Int(token), let anchor = labels.first(where: { $0.value == value }) {
                return "\(token) (\(anchor.label))"
            }
            return token
        default:
            return token
        }
    }

    /// "the answer no", "any answer below the top one", …; with `labelled`, answers by their labels ("the answer
    /// No", "the answer 1 (Talked over the customer…) or 2 (…)").
    public static func match(_ match: AnswerMatch, of criterion: Criterion, labelled: Bool = false) -> String {
        switch match {
        case .any: return "any answer"
        case .belowTop: return "any answer below the top one"
        case .answers(let tokens):
            if case .numeric = criterion.answerType, criterion.critical?.failingAnswers == match {
                return "a value in a failing range"
            }
            var scale = false
            if case .scale = criterion.answerType { scale = true }
            let names = tokens.sorted().map { labelled && !scale ? label(of: $0, criterion) : $0 }
            return "the answer \(names.joined(separator: " or "))"
        }
    }

    /// What a critical failure does.
    public static func scope(_ scope: CriticalScope) -> String {
        switch scope {
        case .form: return "fails the whole evaluation"
        case .section: return "sets this section's score to 0"
        case .flag: return "is flagged for review"
        }
    }
}
