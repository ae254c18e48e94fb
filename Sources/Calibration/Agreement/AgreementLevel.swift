/// The level of measurement of the ratings, which decides how far apart two different ratings are.
///
/// - nominal: categories with no order (yes/no/n.a., reason codes): any two different answers disagree equally.
/// - ordinal: ordered categories (poor < fair < good): disagreement grows with how many ratings lie between.
/// - interval: numbers whose differences mean something (a 1–5 or 0–100 score): squared difference.
/// - ratio: numbers with a true zero (counts, seconds): the difference relative to the size of the values.
public enum AgreementLevel: String, CaseIterable, Hashable, Sendable, Codable {
    case nominal
    case ordinal
    case interval
    case ratio
}
