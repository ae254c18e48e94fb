import JSON
import QAModel
import Revisions
import ScorecardFormat
import Scoring
import Testing

@Suite("qa scorecard diff: what changed between two versions of a template")
struct TemplateDiffTests {
    @Test("two versions that differ only in their version number have no changes")
    func onlyTheVersionDiffers() throws {
        let v1 = try Fixtures.plan(Fixtures.inboundV1)
        var card = v1.scorecard
        card.version = "1.1"
        let diff = TemplateDiff(old: v1, new: ScoringPlan(card))
        #expect(!diff.hasChanges)
        #expect(diff.changes.isEmpty)
        #expect(TemplateDiffRenderer.text(diff) == """
            Comparing inbound-customer-service version 1.0 with version 1.1 (Inbound customer service)
            No changes: the two versions ask the same questions and score them the same way.

            """)
    }

    @Test("where things sit in the file is not a change (positions are not compared)")
    func positionsAreNotChanges() throws {
        let text = try String(contentsOfFile: Fixtures.path(Fixtures.inboundV1), encoding: .utf8)
        let moved = text.replacingOccurrences(of: "<title>Opening</title>", with: "\n\n   <title>Opening</title>")
        let reloaded = try #require(ScorecardLoader.load(bytes: Array(moved.utf8), path: "moved.xml").scorecard)
        let v1 = try Fixtures.plan(Fixtures.inboundV1)
        #expect(reloaded.sections[0].criteria[0].position != v1.scorecard.sections[0].criteria[0].position)
        #expect(!TemplateDiff(old: v1, new: ScoringPlan(reloaded)).hasChanges)
    }

    @Test("the shipped template's v2: a reworded question, a reweighted criterion with its share 10% → 11.7%, an added one")
    func inboundVersionTwo() throws {
        let diff = TemplateDiff(old: try Fixtures.plan(Fixtures.inboundV1), new: try Fixtures.plan(Fixtures.inboundV2))
        func changes(_ id: String) -> [TemplateChange] { diff.changes.filter { $0.subject.id == id } }
        // Ownership weighs 35 of 100. v1: resolution-offered is 2 of 7 criterion weight there, 35 × 2/7 = 10%;
        // v2: 3 of 9 (weight 3, and expectations-set added), 35 × 3/9 = 11.67%.
        #expect(changes("resolution-offered") == [
            TemplateChange(.criterion("resolution-offered", section: "ownership"), .reweighted, aspect: "weight", old: "2", new: "3"),
            TemplateChange(.criterion("resolution-offered", section: "ownership"), .reweighted, aspect: "share of the total",
                           old: "10%", new: "11.7%"),
        ])
        #expect(changes("greeting").map(\.kind) == [.reworded])
        #expect(changes("greeting").first?.aspect == "question")
        #expect(changes("expectations-set").map(\.kind) == [.added])
        // Its siblings in the section lose share to it (35 × 2/9 = 7.8%) without being reweighted themselves.
        #expect(changes("takes-ownership") == [
            TemplateChange(.criterion("takes-ownership", section: "ownership"), .shareChanged, aspect: "share of the total",
                           old: "10%", new: "7.8%"),
        ])
        #expect(changes("opening").isEmpty)
        #expect(diff.count(.reweighted, of: "criterion") == 1)
        #expect(diff.count(.added, of: "criterion") == 1)
    }

    @Test("every kind of change is detected, in the order of the new template")
    func everyKindOfChange() throws {
        let diff = TemplateDiff(old: try Fixtures.plan(Fixtures.inboundV1), new: try Fixtures.plan(Fixtures.inboundEveryChange))
        func find(_ id: String?, _ kind: TemplateChange.Kind, _ aspect: String) -> TemplateChange? {
            diff.changes.first { $0.subject.id == id && $0.kind == kind && $0.aspect == aspect }
        }
        func values(_ id: String?, _ kind: TemplateChange.Kind, _ aspect: String) -> [String?] {
            find(id, kind, aspect).map { [$0.old, $0.new] } ?? []
        }
        #expect(values(nil, .ruleChanged, "pass mark") == ["80", "85"])
        #expect(values(nil, .detailsChanged, "owner") == ["Customer Service QA", "Quality team"])
        #expect(values("resolution", .reworded, "title") == ["Resolution", "Resolving the issue"])
        #expect(values("meets", .ruleChanged, "limits") == ["80–90", "85–90"])
        #expect(values("opening", .reweighted, "weight") == ["15", "20"])
        #expect(values("understanding", .thresholdsChanged, "thresholds") == ["none", "Needs coaching below 60"])
        #expect(values("tone", .notApplicableChanged, "whole section N/A") == ["not allowed", "allowed"])
        #expect(values("closing", .defaultAnswerChanged, "unanswered criteria") == ["must be answered", "take their top answer"])
        #expect(find("greeting", .reworded, "question") != nil)
        #expect(find("greeting", .reworded, "guidance") != nil)
        #expect(values("security-check", .criticalChanged, "critical rule") == ["zeroes its section on no", "fails the whole form on no"])
        #expect(find("active-listening", .reworded, "anchor 3") != nil)
        #expect(values("acknowledgement", .notApplicableChanged, "N/A") == ["allowed", "not allowed"])
        #expect(values("probing", .moved, "section") == ["understanding (Understanding the customer)", "ownership (Ownership and resolution)"])
        #expect(values("takes-ownership", .answerChanged, "scale") == ["1–5", "1–4"])
        #expect(find("takes-ownership", .reworded, "anchor 5")?.new == nil)
        #expect(values("accurate-information", .categoryChanged, "category") == ["resolution", "compliance"])
        #expect(values("resolution-offered", .reweighted, "weight") == ["2", "3"])
        #expect(find("expectations-set", .added, "criterion") != nil)
        #expect(values("complaint-logged", .commentRuleChanged, "comment required on") == ["no", "any answer"])
        #expect(values("tone-of-voice", .thresholdsChanged, "thresholds") == ["none", "Needs coaching below 50"])
        #expect(values("plain-language", .answerChanged, "answer") == ["yes/no (yes = 1 pt)", "choice: yes 2, partly 1, no 0"])
        #expect(values("hold-etiquette", .scoringRoleChanged, "counts in the score") == ["yes", "no (informational)"])
        #expect(values("further-help", .conditionChanged, "applies when") == ["always", "customer-complained is no"])
        #expect(find("summary", .removed, "criterion")?.old?.hasPrefix("“Did the agent summarise") == true)
        // The fixture holds a change of every kind (options, added and removed sections, bands and categories,
        // modes: `optionsSectionsBandsAndModes`).
        let seen = Set(diff.changes.map(\.kind))
        #expect(seen == Set(TemplateChange.Kind.allCases))
        // New template order: sections as in the new version, each followed by its criteria; the removed
        // criterion after the criteria of the section it was in.
        let order = diff.changes.compactMap(\.subject.id).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        let criterionIDs = Set(diff.changes.filter { $0.subject.kindName == "criterion" }.compactMap(\.subject.id))
        let criteria = order.filter { criterionIDs.contains($0) }
        #expect(criteria == ["greeting", "security-check", "active-listening", "acknowledgement", "probing", "takes-ownership",
                             "accurate-information", "resolution-offered", "expectations-set", "complaint-logged",
                             "tone-of-voice", "plain-language", "hold-etiquette", "further-help", "summary"])
    }

    @Test("option points, options added and removed, sections, bands, categories, scoring mode and deduction start")
    func optionsSectionsBandsAndModes() {
        let outcome = { (options: [ChoiceOption]) in
            Criterion(id: "outcome", category: "main", prompt: "How was the issue resolved?", answerType: .choice(options: options))
        }
        let old = Scorecard(
            id: "demo", version: "1", title: "Demo", categories: [Category(id: "main", title: "Main")],
            sections: [Section(id: "call", title: "The call", criteria: [
                           outcome([ChoiceOption(id: "full", label: "Fully", points: 2),
                                    ChoiceOption(id: "partial", label: "Partly", points: 1),
                                    ChoiceOption(id: "none", label: "Not resolved", points: 0)]),
                           yesNo("greet")]),
                       Section(id: "wrap", title: "Wrap-up", criteria: [yesNo("recap")])],
            passMark: 70, bands: [Band(id: "all", title: "All", min: 0, max: 100)])
        let new = Scorecard(
            id: "demo", version: "2", title: "Demo", scoring: .deduction,
            categories: [Category(id: "main", title: "Main"), Category(id: "extra", title: "Extra", kind: .empathy)],
            sections: [Section(id: "call", title: "The call", criteria: [
                           outcome([ChoiceOption(id: "full", label: "Fully", points: 2),
                                    ChoiceOption(id: "partial", label: "Partly, with a next step", points: 0.5),
                                    ChoiceOption(id: "escalated", label: "Escalated", points: 1)]),
                           yesNo("greet")]),
                       Section(id: "close", title: "Close", criteria: [yesNo("thanks")])],
            passMark: 70, bands: [Band(id: "pass", title: "Pass", min: 70, max: 100), Band(id: "fail", title: "Fail", min: 0, max: 70)],
            deductionStart: 90)
        let diff = TemplateDiff(old: ScoringPlan(old), new: ScoringPlan(new))
        func has(_ id: String?, _ kind: TemplateChange.Kind, _ aspect: String, _ before: String?, _ after: String?) -> Bool {
            diff.changes.contains { $0.subject.id == id && $0.kind == kind && $0.aspect == aspect && $0.old == before && $0.new == after }
        }
        #expect(has(nil, .ruleChanged, "scoring mode", "weighted", "deduction"))
        #expect(has(nil, .ruleChanged, "deduction start", "none (not a deduction form)", "90"))
        #expect(has("extra", .added, "category", nil, "Extra (kind empathy)"))
        #expect(has("pass", .added, "band", nil, "Pass, 70–100"))
        #expect(has("all", .removed, "band", "All, 0–100", nil))
        #expect(has("outcome", .reweighted, "points of option 'partial'", "1", "0.5"))
        #expect(has("outcome", .reworded, "option 'partial' label", "Partly", "Partly, with a next step"))
        #expect(has("outcome", .answerChanged, "option 'escalated'", nil, "“Escalated”, 1 points"))
        #expect(has("outcome", .answerChanged, "option 'none'", "“Not resolved”, 0 points", nil))
        #expect(diff.changes.contains { $0.subject == .section("close") && $0.kind == .added })
        #expect(diff.changes.contains { $0.subject == .section("wrap") && $0.kind == .removed })
        #expect(diff.changes.contains { $0.subject == .criterion("recap", section: "wrap") && $0.kind == .removed })
        #expect(diff.changes.contains { $0.subject == .criterion("thanks", section: "close") && $0.kind == .added })
        // Removed sections come last, after everything of the new version.
        #expect(diff.changes.last?.subject == .criterion("recap", section: "wrap"))
    }

    @Test("the JSON form parses and carries every change with its subject, kind and values")
    func jsonParses() throws {
        let diff = TemplateDiff(old: try Fixtures.plan(Fixtures.inboundV1), new: try Fixtures.plan(Fixtures.inboundV2))
        let value = try JSONReader.read(try TemplateDiffRenderer.json(diff), limits: JSONLimits(maximumBytes: 1 << 20))
        #expect(value["hasChanges"] == .bool(true))
        #expect(value["old"]?["version"] == .string("1.0"))
        #expect(value["new"]?["version"] == .string("2.0"))
        guard case .array(let changes)? = value["changes"] else {
            Issue.record("no changes list")
            return
        }
        #expect(changes.count == diff.changes.count)
        #expect(changes.contains { change in
            change["id"] == .string("resolution-offered") && change["change"] == .string("reweighted")
                && change["aspect"] == .string("share of the total") && change["old"] == .string("10%")
                && change["new"] == .string("11.7%") && change["section"] == .string("ownership")
        })
        let none = TemplateDiff(old: try Fixtures.plan(Fixtures.inboundV1), new: try Fixtures.plan(Fixtures.inboundV1))
        let empty = try JSONReader.read(try TemplateDiffRenderer.json(none), limits: JSONLimits(maximumBytes: 1 << 20))
        #expect(empty["hasChanges"] == .bool(false))
        #expect(empty["changes"] == .array([]))
    }

    @Test("the text puts a reweighted criterion's weight and share side by side, long texts on was/now lines")
    func textWording() throws {
        let diff = TemplateDiff(old: try Fixtures.plan(Fixtures.inboundV1), new: try Fixtures.plan(Fixtures.inboundV2))
        let text = TemplateDiffRenderer.text(diff)
        #expect(text.contains("""
            Criterion resolution-offered (section ownership)
              weight: 2 → 3
              share of the total: 10% → 11.7%
            """))
        #expect(text.contains("""
              question reworded
                was: Did the agent open with the approved greeting (company name, own first name, offer of help)?
                now: Did the agent open with the approved greeting: company name, own first name and an offer of help?
            """))
        #expect(text.contains("Criteria: 1 added, 1 reworded, 1 reweighted, 3 whose share of the total moved with the other changes"))
    }
}
