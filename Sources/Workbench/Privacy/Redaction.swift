import Foundation

/// A kind of personal data the redactor finds in free text, with the words that replace it.
public enum RedactionKind: String, CaseIterable, Sendable, Hashable, Comparable {
    case cardNumber = "card"
    case sortCode = "sort-code"
    case accountNumber = "account"
    case phoneNumber = "phone"
    case email = "email"
    case dateOfBirth = "date-of-birth"
    case postcode = "postcode"

    /// What stands in the text in its place: `[card number]`, `[e-mail address]`, ….
    public var replacement: String { "[\(words)]" }

    /// The kind in plain words.
    public var words: String {
        switch self {
        case .cardNumber: return "card number"
        case .sortCode: return "sort code"
        case .accountNumber: return "account number"
        case .phoneNumber: return "phone number"
        case .email: return "e-mail address"
        case .dateOfBirth: return "date of birth"
        case .postcode: return "postcode"
        }
    }

    /// The kind in plain words, for more than one.
    public var pluralWords: String { self == .dateOfBirth ? "dates of birth" : words + "s" }

    public static func < (a: Self, b: Self) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One piece of personal data found: its kind and where it is (offsets in UTF-16 code units of the text, as
/// `NSRange` counts; for ASCII text the same as character and byte offsets).
public struct RedactionFinding: Sendable, Hashable {
    public var kind: RedactionKind
    public var start: Int
    public var end: Int

    public init(kind: RedactionKind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }
}

/// How many pieces of each kind were replaced. Never holds the data itself.
public struct RedactionCounts: Sendable, Hashable {
    public var byKind: [RedactionKind: Int] = [:]

    public init() {}

    public var total: Int { byKind.values.reduce(0, +) }

    public mutating func add(_ other: RedactionCounts) {
        for (kind, count) in other.byKind { byKind[kind, default: 0] += count }
    }

    /// "2 card numbers, 1 e-mail address" (kinds in a fixed order), or "nothing" when empty.
    public var words: String {
        let parts = RedactionKind.allCases.compactMap { kind -> String? in
            guard let n = byKind[kind], n > 0 else { return nil }
            return "\(n) \(n == 1 ? kind.words : kind.pluralWords)"
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}

/// Finds and replaces common personal data in free text (transcripts, assessors' comments): card numbers (that
/// pass the Luhn check), UK sort codes and account numbers (said as such), UK and international phone numbers,
/// e-mail addresses (written or spoken: "jo dot bloggs at example dot com"), dates of birth (a date after "date of
/// birth", "DOB", "born on", …) and UK postcodes.
///
/// The rules lean on context where a bare number is ambiguous: eight digits are an account number only after
/// "account number"; a phone-shaped number after "order", "reference", "case" or "tracking" is left alone. Each
/// finding is replaced by its kind in words (`[card number]`), so a reader still sees what was said. The measured
/// recall and false positives on the invented corpus are in docs/privacy.md.
public struct Redactor: Sendable {
    private let patterns: Patterns

    public init() {
        patterns = Patterns.shared
    }

    /// Every piece of personal data in `text`, in order, none overlapping.
    public func findings(in text: String) -> [RedactionFinding] {
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var found: [RedactionFinding] = []

        func add(_ kind: RedactionKind, _ range: NSRange) {
            guard range.location != NSNotFound, range.length > 0 else { return }
            found.append(RedactionFinding(kind: kind, start: range.location, end: range.location + range.length))
        }
        func all(_ regex: NSRegularExpression?) -> [NSTextCheckingResult] {
            regex?.matches(in: text, range: whole) ?? []
        }
        func before(_ range: NSRange, _ width: Int) -> String {
            let start = max(0, range.location - width)
            return ns.substring(with: NSRange(location: start, length: range.location - start)).lowercased()
        }
        func negativeContext(_ range: NSRange) -> Bool {
            let prefix = before(range, 28)
            return Self.notPersonalWords.contains { prefix.contains($0) }
        }

        // Cards: 13–19 digits, optionally in groups, that pass the Luhn check.
        for match in all(patterns.card) {
            let digits = ns.substring(with: match.range).filter(\.isNumber)
            if (13...19).contains(digits.count), Self.luhn(digits) { add(.cardNumber, match.range) }
        }
        for match in all(patterns.email) { add(.email, match.range) }
        for match in all(patterns.spokenEmail) { add(.email, match.range) }
        for match in all(patterns.dateOfBirth) { add(.dateOfBirth, match.range(at: 1)) }
        for match in all(patterns.sortCode) { add(.sortCode, match.range(at: 1)) }
        for match in all(patterns.accountNumber) { add(.accountNumber, match.range(at: 1)) }
        for match in all(patterns.phone) {
            let digits = ns.substring(with: match.range).filter(\.isNumber)
            guard (10...15).contains(digits.count), !negativeContext(match.range),
                  !Self.serviceNumberPrefixes.contains(where: { digits.hasPrefix($0) }) else { continue }
            add(.phoneNumber, match.range)
        }
        for match in all(patterns.postcode) where !negativeContext(match.range) {
            let area = ns.substring(with: match.range).prefix { $0.isLetter }.uppercased()
            if Self.postcodeAreas.contains(area) { add(.postcode, match.range) }
        }
        // The earlier and, at the same place, the longer finding wins; kinds listed first win ties.
        found.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end > b.end }
            return a.kind < b.kind
        }
        var kept: [RedactionFinding] = []
        for finding in found {
            if let last = kept.last, finding.start < last.end {
                // Overlap: keep the longer one.
                if finding.end - finding.start > last.end - last.start { kept[kept.count - 1] = finding }
                continue
            }
            kept.append(finding)
        }
        return kept
    }

    /// The text with every finding replaced by its kind in words, and how many of each were replaced.
    public func redact(_ text: String) -> (text: String, counts: RedactionCounts) {
        let findings = findings(in: text)
        guard !findings.isEmpty else { return (text, RedactionCounts()) }
        let ns = text as NSString
        var out = ""
        var position = 0
        var counts = RedactionCounts()
        for finding in findings {
            out += ns.substring(with: NSRange(location: position, length: finding.start - position))
            out += finding.kind.replacement
            position = finding.end
            counts.byKind[finding.kind, default: 0] += 1
        }
        out += ns.substring(from: position)
        return (out, counts)
    }

    /// The Luhn check digit test on a string of digits.
    public static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (i, character) in digits.reversed().enumerated() {
            guard let d = character.wholeNumberValue else { return false }
            if i % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    /// UK numbers that belong to organisations, never to a caller: freephone (080), non-geographic (084, 087, 03)
    /// and premium rate (09). A number starting so is left alone.
    static let serviceNumberPrefixes = ["080", "084", "087", "09", "03"]

    /// The UK's postcode areas (and the Crown dependencies'): a postcode-shaped code in another area is not one.
    static let postcodeAreas = Set(("AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
        + "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M "
        + "ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD "
        + "TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE").split(separator: " ").map(String.init))

    /// Words just before a number that say it is not a phone number or postcode.
    static let notPersonalWords = ["order", "reference", "ref ", "ref:", "ref.", "invoice", "tracking", "case",
                                   "ticket", "booking", "flight", "serial", "model", "policy number", "parcel"]

    /// The compiled patterns, built once (NSRegularExpression is immutable and safe to share between threads).
    private final class Patterns: @unchecked Sendable {
        let card: NSRegularExpression?
        let email: NSRegularExpression?
        let spokenEmail: NSRegularExpression?
        let dateOfBirth: NSRegularExpression?
        let sortCode: NSRegularExpression?
        let accountNumber: NSRegularExpression?
        let phone: NSRegularExpression?
        let postcode: NSRegularExpression?

        static let shared = Patterns()

        private init() {
            func make(_ pattern: String) -> NSRegularExpression? {
                // The patterns are constants written here; one that does not compile is a programming error caught
                // by the tests (it would match nothing rather than stop an import).
                try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            }
            let month = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
            let numericDate = "\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})"
            let wordDate = "\\d{1,2}(?:st|nd|rd|th)?(?: of)? \(month),? \\d{4}"
            let usDate = "\(month) \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}"
            let isoDate = "\\d{4}-\\d{2}-\\d{2}"
            card = make("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])")
            email = make("[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}")
            spokenEmail = make("\\b[a-z0-9]+(?:(?: dot | underscore | dash )[a-z0-9]+)* at [a-z0-9]+(?: dot [a-z0-9]+)*"
                + " dot (?:com|co dot uk|org|net|uk|io|me)\\b")
            // "Date of birth" asks a question the next turn may answer; "born" must be followed closely by the date.
            dateOfBirth = make("\\b(?:(?:date of birth|birth date|birthdate|d\\.o\\.b\\.?|dob)[^0-9]{0,80}?"
                + "|(?:born on|born|birthday)[^0-9.?!]{0,14}?)(\(isoDate)|\(numericDate)|\(wordDate)|\(usDate))")
            sortCode = make("\\bsort[ -]?code[^0-9]{0,80}?((?<!\\d)\\d{2}[- ]?\\d{2}[- ]?\\d{2}(?!\\d))")
            accountNumber = make("(?:(?:account (?:number|no\\.?|num)|acc(?:ount)?\\.? no\\.?|a/c)[^0-9]{0,80}?"
                + "|\\baccount[ :,]{1,3}(?:is |it's )?)((?<!\\d)\\d{4}[ -]?\\d{4}(?!\\d))")
            phone = make("(?<![\\w+])(?:\\+\\d{1,3}[ .-]?(?:\\(0\\)[ .-]?)?|\\(?0)\\d{1,5}\\)?(?:[ .-]?\\d){6,11}(?![\\d])")
            postcode = make("\\b(?:[a-z]{1,2}\\d[a-z\\d]?|gir) ?\\d[abd-hjlnp-uw-z]{2}\\b")
        }
    }
}
