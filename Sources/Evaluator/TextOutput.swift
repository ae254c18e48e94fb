import Foundation

/// Where an evaluation session writes what the assessor reads: prompts, questions, scores, the summary.
public protocol TextOutput {
    mutating func write(_ text: String)
}

/// Standard output, unbuffered, so a prompt shows before the session waits for input.
public struct StandardOutputText: TextOutput {
    public init() {}

    public mutating func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Everything written, collected into one string (for tests and for capturing a session).
public struct CollectedText: TextOutput {
    public private(set) var text = ""

    public init() {}

    public mutating func write(_ text: String) {
        self.text += text
    }
}
