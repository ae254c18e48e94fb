import Foundation
import JSON
import QAModel

/// The contact-centre platforms whose evaluation forms can be imported.
public enum FormPlatform: String, Hashable, Sendable, CaseIterable {
    /// Amazon Connect: a `DescribeEvaluationForm` response or a bare `EvaluationForm` object.
    case connect
    /// Genesys Cloud: the body of `GET /api/v2/quality/forms/evaluations/{formId}`.
    case genesys
}

/// Reads an evaluation form as Amazon Connect or Genesys Cloud return it and builds the equivalent template.
///
/// The mapping, field by field, is in `docs/import.md`. Anything the template cannot say exactly as the platform
/// does is listed in `ImportResult.losses`; malformed input throws `FormImportError` naming every JSON path at
/// fault. No I/O happens here: callers pass the file's bytes.
public enum FormImporter {
    /// Forms larger than this are refused before parsing (real forms are well under 1 MB).
    public static let sizeLimit = 8 * 1024 * 1024

    /// The category every imported criterion belongs to: neither platform has categories (see `docs/import.md`).
    public static let importedCategory = Category(id: "general", title: "General (imported form)", kind: .other)

    public static func importForm(_ data: Data, from platform: FormPlatform) throws(FormImportError) -> ImportResult {
        switch platform {
        case .connect: return try importConnect(data: data)
        case .genesys: return try importGenesys(data: data)
        }
    }

    public static func importConnect(data: Data) throws(FormImportError) -> ImportResult {
        let root = JSONNode(value: try FormJSON.parse(data, limit: sizeLimit), path: "$")
        var reader = ConnectFormReader()
        return try reader.read(root)
    }

    public static func importGenesys(data: Data) throws(FormImportError) -> ImportResult {
        let root = JSONNode(value: try FormJSON.parse(data, limit: sizeLimit), path: "$")
        var reader = GenesysFormReader()
        return try reader.read(root)
    }

    /// The single band of a form that declares none (templates need at least one).
    static let unbandedBand = Band(id: "all-scores", title: "All scores (the imported form has no bands)", min: 0, max: 100)

    /// The effective date used when the platform's form carries no date: 1970-01-01.
    static let placeholderDate = CalendarDay(daysSinceEpoch: 0)

    /// The effective date for a form: the platform's date, or the placeholder with a loss recorded.
    static func effectiveDate(_ node: JSONNode?, log: ProblemLog) -> CalendarDay {
        if let date = day(node) { return date }
        log.loss(node?.path ?? "$", what: "no date of last change",
                 reason: "templates need an effective date; it is set to \(placeholderDate) — put in the date the form applies from")
        return placeholderDate
    }

    /// The day of an ISO 8601 date or timestamp (its date as written), or of an epoch-seconds number (in UTC);
    /// `nil` when there is none or it is not a real day of the years 0001–9999.
    static func day(_ node: JSONNode?) -> CalendarDay? {
        guard let node else { return nil }
        switch node.value {
        case .string(let text):
            return CalendarDay.parseDateOrTimestamp(text)?.day
        case .number(let seconds) where seconds.isFinite && abs(seconds) < 1e11:
            let day = Timestamp(secondsSinceEpoch: Int(seconds.rounded(.down))).day
            return CalendarDay.years.contains(day.year) ? day : nil
        default:
            return nil
        }
    }
}
