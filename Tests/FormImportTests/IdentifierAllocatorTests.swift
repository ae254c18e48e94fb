import Testing
@testable import FormImport

@Suite("Template ids from platform ids and texts")
struct IdentifierAllocatorTests {
    @Test("kebab-case, prefixed when starting with a digit or empty, unique")
    func allocation() {
        var ids = IdentifierAllocator()
        #expect(ids.allocate(from: "Q_Greeting", prefix: "q") == "q-greeting")
        #expect(ids.allocate(from: "Did the agent — really — greet?", prefix: "q") == "did-the-agent-really-greet")
        #expect(ids.allocate(from: "1", prefix: "option") == "option-1")
        #expect(ids.allocate(from: "¿?", prefix: "option") == "option")
        #expect(ids.allocate(from: "q_greeting", prefix: "q") == "q-greeting-2")
        #expect(ids.allocate(from: "Q-GREETING", prefix: "q") == "q-greeting-3")
    }

    @Test("long texts are cut at a dash")
    func cut() {
        // 26 + 1 + 21 = 48 characters fit; the next word does not.
        #expect(IdentifierAllocator.kebab("abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstu more", maxLength: 48)
            == "abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstu")
        #expect(IdentifierAllocator.kebab("alpha beta gamma delta", maxLength: 14) == "alpha-beta")
    }
}
