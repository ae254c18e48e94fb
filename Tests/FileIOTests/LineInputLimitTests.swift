#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import FileIO

/// Issue 17: a JSON Lines line over the record limit is handed out empty and marked, whatever the chunk
/// boundaries, without being held; the lines around it and the line numbers are untouched.
@Test("over-long lines are skipped and marked, at any chunk size, with or without a final newline",
      arguments: [1, 3, 4, 7, 64])
func overLongLinesAreSkipped(chunkSize: Int) throws {
    let text = "short\n" + String(repeating: "x", count: 25) + "\nnext\r\n" + String(repeating: "y", count: 11) + "\nlast"
        + "\n" + String(repeating: "z", count: 30)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).jsonl").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let fd = open(path, O_RDONLY)
    #expect(fd >= 0)
    let lines = LineInput(fd: fd, closeWhenDone: true, path: path, chunkSize: chunkSize, maxLineBytes: 10)
    var seen: [String] = []
    while let bytes = try lines.nextLine() {
        seen.append("\(lines.lineNumber):" + (lines.lastLineWasTooLong ? "TOO LONG" : String(decoding: bytes, as: UTF8.self)))
    }
    #expect(seen == ["1:short", "2:TOO LONG", "3:next", "4:TOO LONG", "5:last", "6:TOO LONG"])
}

/// Issue 17: a JSON Lines file whose lines end in a bare CR (as some older exports write them) is read line by
/// line, not as one long line; LF and CRLF files are unchanged, and a CR inside an LF file stays in its line.
@Test("line ends: LF, CRLF and bare CR, at any chunk size", arguments: [1, 2, 3, 5, 64])
func lineEndStyles(chunkSize: Int) throws {
    func lines(_ text: String) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ends-\(UUID().uuidString).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        let input = LineInput(fd: fd, closeWhenDone: true, path: path, chunkSize: chunkSize)
        var seen: [String] = []
        while let bytes = try input.nextLine() { seen.append("\(input.lineNumber):" + String(decoding: bytes, as: UTF8.self)) }
        return seen
    }
    #expect(try lines("{a}\r{b}\r{c}\r") == ["1:{a}", "2:{b}", "3:{c}"])
    #expect(try lines("{a}\r{b}\r{c}") == ["1:{a}", "2:{b}", "3:{c}"])
    #expect(try lines("{a}\r\n{b}\r\n") == ["1:{a}", "2:{b}"])
    #expect(try lines("{a}\n{b\rc}\n") == ["1:{a}", "2:{b\rc}"])
    #expect(try lines("") == [])
}
