import QAModel
import Testing
@testable import Evaluator

@Suite("Reading typed answers")
struct AnswerReaderTests {
    let card = sessionScorecard()

    func reader(_ id: String) throws -> AnswerReader {
        AnswerReader(try #require(card.criterion(id)))
    }

    @Test("options by number, id or label; multi-select by several, in option order")
    func options() throws {
        #expect(try reader("resolve").read("2") == .answer(.token("partial")))
        #expect(try reader("resolve").read("FULL") == .answer(.token("full")))
        #expect(try reader("resolve").read("not at all") == .answer(.token("none")))
        #expect(try reader("ids").read("postcode, 1") == .answer(.tokens(["name", "postcode"])))
        #expect(try reader("ids").read("3 3") == .answer(.tokens(["postcode"])))
        #expect(try reader("ids").read("1,9") == .invalid("'9' is not one of the options; type option numbers or names separated by commas, e.g. 1,3."))
    }

    @Test("scale by value or anchor; numeric only inside a range")
    func numbers() throws {
        #expect(try reader("tone").read("5") == .answer(.number(5)))
        #expect(try reader("tone").read("neutral") == .answer(.number(3)))
        #expect(try reader("tone").read("6") == .invalid("'6' is not on the scale; type a whole number from 1 to 5."))
        #expect(try reader("hold").read("61") == .answer(.number(61)))
        // 30.5 falls between the 0–30 and 31–60 ranges.
        #expect(try reader("hold").read("30.5") == .invalid("'30.5' is not a valid value; type a number in 0 to 30, 31 to 60, 61 or more."))
        #expect(try reader("knowledge").read("2.5") == .answer(.number(2.5)))
    }

    @Test("the allowed answers are listed with points and ranges")
    func choices() throws {
        #expect(try reader("resolve").choices == ["1  full — Fully (2 points)", "2  partial — Partly (1 point)",
                                                  "3  none — Not at all (0 points)"])
        #expect(try reader("hold").choices == ["a number; it scores by the range it falls in:", "0 to 30: 2 points",
                                               "31 to 60: 1 point", "61 or more: 0 points (a critical failure)"])
        #expect(try reader("tone").choices.first == "1  Cold or rude")
    }
}
