import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import DelimitedText

/// Everything a reader yields, in order: rows and the per-record errors it reported.
enum ReadEvent: Equatable, CustomStringConvertible {
    case row([String], line: Int, index: Int)
    case error(CSVError)

    var description: String {
        switch self {
        case .row(let f, let l, let i): return "row#\(i)@\(l)\(f)"
        case .error(let e): return "error(\(e))"
        }
    }
}

/// Drains a reader, recording each row and each error (the reader goes on after per-record errors).
func readAll(_ reader: inout CSVReader) -> [ReadEvent] {
    var events: [ReadEvent] = []
    for _ in 0..<100_000 {
        do {
            guard let row = try reader.next() else { return events }
            events.append(.row(row.fields, line: row.line, index: row.index))
        } catch let error as CSVError {
            events.append(.error(error))
        } catch {
            Issue.record("unexpected error \(error)")
            return events
        }
    }
    Issue.record("reader did not finish")
    return events
}

func read(_ text: String, chunkSize: Int = 1 << 20, uniform: Bool = true) -> [ReadEvent] {
    var reader = CSVReader(bytes: Array(text.utf8), chunkSize: chunkSize)
    reader.requiresUniformFieldCount = uniform
    return readAll(&reader)
}

/// The same text read with every chunk size from 1 to 7 bytes (and whole) must give the same events.
func readEveryChunking(_ bytes: [UInt8], uniform: Bool = true) -> [ReadEvent] {
    var whole = CSVReader(bytes: bytes)
    whole.requiresUniformFieldCount = uniform
    let expected = readAll(&whole)
    for size in 1...7 {
        var reader = CSVReader(bytes: bytes, chunkSize: size)
        reader.requiresUniformFieldCount = uniform
        let events = readAll(&reader)
        #expect(events == expected, "chunk size \(size)")
    }
    return expected
}

@Suite struct RFC4180Cases {
    @Test func plainRecordsWithFinalNewline() {
        #expect(readEveryChunking(Array("a,b,c\n1,2,3\n".utf8)) == [
            .row(["a", "b", "c"], line: 1, index: 1), .row(["1", "2", "3"], line: 2, index: 2),
        ])
    }

    @Test func missingFinalNewline() {
        #expect(readEveryChunking(Array("a,b\n1,2".utf8)) == [
            .row(["a", "b"], line: 1, index: 1), .row(["1", "2"], line: 2, index: 2),
        ])
    }

    @Test func crlfAndLoneCRLineEndings() {
        #expect(readEveryChunking(Array("a,b\r\n1,2\r3,4\n5,6\r\n".utf8)) == [
            .row(["a", "b"], line: 1, index: 1), .row(["1", "2"], line: 2, index: 2),
            .row(["3", "4"], line: 3, index: 3), .row(["5", "6"], line: 4, index: 4),
        ])
    }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() {
        // Record 2 starts on line 2 and its quoted field spans lines 2–4 (one LF, one CRLF), so record 3 is on line 5.
        let text = "id,text\n1,\"say \"\"hi\"\", then\nwait\r\nok\"\n2,\"a,b\"\n"
        #expect(readEveryChunking(Array(text.utf8)) == [
            .row(["id", "text"], line: 1, index: 1),
            .row(["1", "say \"hi\", then\nwait\r\nok"], line: 2, index: 2),
            .row(["2", "a,b"], line: 5, index: 3),
        ])
    }

    @Test func byteOrderMarkIsSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,x\n1,2\n".utf8)
        #expect(readEveryChunking(bytes) == [.row(["id", "x"], line: 1, index: 1), .row(["1", "2"], line: 2, index: 2)])
    }

    @Test func emptyFieldsAreKept() {
        #expect(readEveryChunking(Array("a,b,c\n,,\n\"\",x,\n".utf8)) == [
            .row(["a", "b", "c"], line: 1, index: 1), .row(["", "", ""], line: 2, index: 2),
            .row(["", "x", ""], line: 3, index: 3),
        ])
    }

    @Test func trailingBlankCellOnLastLineWithoutNewline() {
        #expect(readEveryChunking(Array("a,b\n1,".utf8)) == [
            .row(["a", "b"], line: 1, index: 1), .row(["1", ""], line: 2, index: 2),
        ])
    }

    @Test func blankLinesAreSkippedButCounted() {
        #expect(readEveryChunking(Array("a\n\n\r\nb\r\rc".utf8)) == [
            .row(["a"], line: 1, index: 1), .row(["b"], line: 4, index: 2), .row(["c"], line: 6, index: 3),
        ])
    }

    @Test func loneEmptyQuotedFieldIsARecord() {
        #expect(readEveryChunking(Array("a\n\"\"\nb\n".utf8)) == [
            .row(["a"], line: 1, index: 1), .row([""], line: 2, index: 2), .row(["b"], line: 3, index: 3),
        ])
    }

    @Test func quoteInsideUnquotedFieldIsText() {
        #expect(readEveryChunking(Array("size\n5\" screen\n".utf8)) == [
            .row(["size"], line: 1, index: 1), .row(["5\" screen"], line: 2, index: 2),
        ])
    }

    @Test func emptyInputAndBOMOnlyHaveNoRecords() {
        #expect(readEveryChunking([]) == [])
        #expect(readEveryChunking([0xEF, 0xBB, 0xBF]) == [])
        #expect(readEveryChunking(Array("\n\r\n".utf8)) == [])
    }

    @Test func raggedRowsAreReportedAndReadingGoesOn() {
        #expect(readEveryChunking(Array("a,b,c\n1,2\n4,5,6\n7,8,9,10\n".utf8)) == [
            .row(["a", "b", "c"], line: 1, index: 1),
            .error(.fieldCountMismatch(line: 2, record: 2, expected: 3, found: 2)),
            .row(["4", "5", "6"], line: 3, index: 3),
            .error(.fieldCountMismatch(line: 4, record: 4, expected: 3, found: 4)),
        ])
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheRecordStarts() {
        #expect(readEveryChunking(Array("a,b\n1,2\n3,\"open\nmore\n".utf8)) == [
            .row(["a", "b"], line: 1, index: 1), .row(["1", "2"], line: 2, index: 2),
            .error(.unterminatedQuote(line: 3, lastLine: 4)),
        ])
        // Without a final line end the last line is the one the input stops on; the message counts the lines.
        let open = readEveryChunking(Array("a\n\"x\ny\nz".utf8))
        #expect(open.last == .error(.unterminatedQuote(line: 2, lastLine: 4)))
        #expect(CSVError.unterminatedQuote(line: 2, lastLine: 4).description.contains("lines 2–4 (3 lines, the rest of the file)"))
    }

    @Test func aRecordLongerThanTheLimitEndsTheInputInsteadOfGrowingTheBuffer() throws {
        // An open quote early in a big file would otherwise hold the rest of the file in one record.
        var bytes = Array("a,b\n1,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: CSVReader.maxRecordBytes + (2 << 20))
        var reader = CSVReader(bytes: bytes)
        #expect(try reader.next()?.fields == ["a", "b"])
        #expect(throws: CSVError.recordTooLong(line: 2, limit: CSVReader.maxRecordBytes)) { try reader.next() }
        #expect(try reader.next() == nil)
    }

    @Test func invalidUTF8IsReportedWithLineAndColumn() {
        let bytes = Array("a,b\n1,".utf8) + [0xFF, 0x41] + Array("\n2,é\n".utf8)
        #expect(readEveryChunking(bytes) == [
            .row(["a", "b"], line: 1, index: 1),
            .error(.invalidUTF8(line: 2, record: 2, field: 1)),
            .row(["2", "é"], line: 3, index: 3),
        ])
    }

    @Test func textAfterClosingQuoteIsReportedAndReadingGoesOn() {
        #expect(readEveryChunking(Array("a,b\n\"x\"y,2\n3,4\n".utf8)) == [
            .row(["a", "b"], line: 1, index: 1),
            .error(.textAfterClosingQuote(line: 2, record: 2)),
            .row(["3", "4"], line: 3, index: 3),
        ])
    }

    @Test func longRecordsGrowTheBuffer() {
        // One field of 5,000 bytes read 3 bytes at a time: the buffer must grow past its initial size.
        let long = String(repeating: "x", count: 5_000)
        var reader = CSVReader(bytes: Array("\"\(long)\",\(long)\n".utf8), chunkSize: 3)
        #expect(readAll(&reader) == [.row([long, long], line: 1, index: 1)])
    }
}

@Suite struct RawFastPath {
    @Test func rawFieldsMatchStrings() throws {
        var reader = CSVReader(bytes: Array("id,\"n\"\"ame\"\nabc,\n".utf8), chunkSize: 2)
        let header = try #require(try reader.nextRaw())
        #expect(header.count == 2)
        #expect(header.field(0, equals: "id"))
        #expect(try header.string(at: 1) == "n\"ame")
        let row = try #require(try reader.nextRaw())
        #expect(row.line == 2 && row.index == 2)
        #expect(row.withField(0) { Array($0) } == Array("abc".utf8))
        #expect(row.isEmpty(1))
        #expect(try reader.nextRaw() == nil)
    }
}

@Suite struct FileAndDescriptorInput {
    @Test func readsFromAPipeLikeStandardInput() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = Array("a,b\n1,\"x\ny\"\n".utf8)
        #expect(write(fds[1], text, text.count) == text.count)
        close(fds[1])
        defer { close(fds[0]) }
        var reader = CSVReader(fileDescriptor: fds[0], chunkSize: 4)
        #expect(readAll(&reader) == [.row(["a", "b"], line: 1, index: 1), .row(["1", "x\ny"], line: 2, index: 2)])
    }

    @Test func readsAFileByPath() throws {
        let path = "/tmp/delimitedtext-test-\(getpid()).csv"
        let text = Array("h\nv\n".utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(write(fd, text, text.count) == text.count)
        close(fd)
        defer { unlink(path) }
        var reader = try CSVReader(path: path)
        #expect(readAll(&reader) == [.row(["h"], line: 1, index: 1), .row(["v"], line: 2, index: 2)])
    }

    @Test func missingFileIsACannotOpenError() {
        #expect(throws: CSVError.self) { try CSVReader(path: "/nonexistent/dir/x.csv") }
    }
}

@Suite struct PrefixedDescriptor {
    @Test func bytesAlreadyTakenComeFirst() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let rest = Array("b\n1,2\n".utf8)
        #expect(write(fds[1], rest, rest.count) == rest.count)
        close(fds[1])
        defer { close(fds[0]) }
        // "a," was read to sniff the format; the reader must still see "a,b".
        var reader = CSVReader(fileDescriptor: fds[0], prefix: Array("a,".utf8))
        #expect(readAll(&reader) == [.row(["a", "b"], line: 1, index: 1), .row(["1", "2"], line: 2, index: 2)])
    }
}
