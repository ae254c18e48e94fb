#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import FileIO

/// A fresh folder under /tmp for one test.
func makeFolder() -> String {
    let dir = "/tmp/fileio-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    mkdir(dir, 0o700)
    return dir
}

/// The names in a folder, hidden ones included, sorted.
func listing(_ dir: String) -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

func contents(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return String(decoding: bytes, as: UTF8.self) }
        bytes += chunk[0..<n]
    }
}

func mode(_ path: String) -> mode_t? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
}

func fileType(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
}

@Suite("Atomic output files")
struct AtomicFileTests {
    @Test("a write replaces the file whole and leaves nothing else in the folder")
    func replacesWhole() throws {
        let dir = makeFolder()
        try AtomicFile.write("old\n", to: dir + "/out.csv")
        try AtomicFile.write("new\n", to: dir + "/out.csv")
        #expect(listing(dir) == ["out.csv"])
        #expect(contents(dir + "/out.csv") == "new\n")
    }

    @Test("the temporary file is hidden, beside the target and readable by its owner only while it is written")
    func temporaryFileIsPrivate() throws {
        let dir = makeFolder()
        let stream = try AtomicFileStream(path: dir + "/report.csv")
        try stream.write("agent-1,42\n")
        let names = listing(dir)
        #expect(names.count == 1)
        let name = try #require(names.first)
        #expect(name.hasPrefix(".report.csv.tmp-\(getpid())-"))
        #expect(mode(dir + "/" + name) == 0o600)
        stream.discard()
        #expect(listing(dir).isEmpty)
    }

    @Test("a new report is created 0600; a replaced file keeps its own mode, never a wider one")
    func permissions() throws {
        let dir = makeFolder()
        try AtomicFile.write("a\n", to: dir + "/new.csv")
        #expect(mode(dir + "/new.csv") == 0o600)

        for existing: mode_t in [0o600, 0o640, 0o644] {
            let path = dir + "/existing-\(String(existing, radix: 8)).csv"
            try AtomicFile.write("old\n", to: path)
            chmod(path, existing)
            try AtomicFile.write("new\n", to: path)
            #expect(mode(path) == existing)
            #expect(contents(path) == "new\n")
        }
    }

    @Test("a symbolic link to a file: the file is replaced, the link stays a link")
    func followsLinks() throws {
        let dir = makeFolder()
        try AtomicFile.write("old\n", to: dir + "/real.csv")
        #expect(symlink("real.csv", dir + "/link.csv") == 0)
        try AtomicFile.write("new\n", to: dir + "/link.csv")
        #expect(fileType(dir + "/link.csv") == S_IFLNK)
        #expect(contents(dir + "/real.csv") == "new\n")
        #expect(listing(dir) == ["link.csv", "real.csv"])
    }

    @Test("a named pipe is written in place, not replaced by a regular file")
    func namedPipeInPlace() throws {
        let dir = makeFolder()
        let pipePath = dir + "/pipe"
        #expect(mkfifo(pipePath, 0o600) == 0)
        // Open the reading end first (non-blocking), so opening for writing does not wait.
        let reader = open(pipePath, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let stream = try AtomicFileStream(path: pipePath)
        #expect(stream.writesInPlace)
        try stream.write("through the pipe\n")
        try stream.commit()
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
        #expect(n > 0 && String(decoding: buffer[0..<n], as: UTF8.self) == "through the pipe\n")
        #expect(fileType(pipePath) == S_IFIFO)
        #expect(listing(dir) == ["pipe"])
    }

    @Test("a device is written in place; a full device is reported, and stays a device",
          .enabled(if: geteuid() == 0, "making device nodes needs root"))
    func devicesInPlace() throws {
        // Private copies of /dev/null (1,3) and /dev/full (1,7): the real ones are never put at risk.
        let dir = makeFolder()
        #expect(mknod(dir + "/null", S_IFCHR | 0o666, deviceNumber(1, 3)) == 0)
        #expect(mknod(dir + "/full", S_IFCHR | 0o666, deviceNumber(1, 7)) == 0)
        try AtomicFile.write("discarded\n", to: dir + "/null")
        #expect(fileType(dir + "/null") == S_IFCHR)
        #expect(throws: FileError.self) { try AtomicFile.write("no room\n", to: dir + "/full") }
        #expect(fileType(dir + "/full") == S_IFCHR)
        #expect(listing(dir) == ["full", "null"])
    }

    @Test("a folder, or a path ending in /, is refused before anything is written")
    func folderRefused() {
        let dir = makeFolder()
        #expect(throws: FileError.self) { try AtomicFileStream(path: dir) }
        #expect(throws: FileError.self) { try AtomicFileStream(path: dir + "/sub/") }
        #expect(listing(dir).isEmpty)
    }

    @Test("a folder that does not exist is a FileError naming the path")
    func missingFolder() {
        #expect(throws: FileError.self) { try AtomicFile.write("x", to: "/nonexistent-folder/out.csv") }
    }
}

@Suite("Input expansion")
struct InputPathsTests {
    @Test("the same file is found through another spelling, a link and a containing folder")
    func sameFile() throws {
        let dir = makeFolder()
        mkdir(dir + "/in", 0o700)
        try AtomicFile.write("id\n", to: dir + "/in/a.csv")
        #expect(symlink(dir + "/in/a.csv", dir + "/link.csv") == 0)
        let accepts: (String) -> Bool = { $0.hasSuffix(".csv") }
        #expect(InputPaths.argument([dir + "/in/a.csv"], sameFileAs: dir + "/in/./a.csv", accepts: accepts) == dir + "/in/a.csv")
        #expect(InputPaths.argument([dir + "/in/a.csv"], sameFileAs: dir + "/link.csv", accepts: accepts) != nil)
        #expect(InputPaths.argument([dir + "/in"], sameFileAs: dir + "/in/a.csv", accepts: accepts) == dir + "/in/a.csv")
        #expect(InputPaths.argument([dir + "/in"], sameFileAs: dir + "/other.csv", accepts: accepts) == nil)
        // Standard input redirected from the output file.
        let fd = open(dir + "/in/a.csv", O_RDONLY)
        defer { close(fd) }
        #expect(InputPaths.argument(["-"], sameFileAs: dir + "/link.csv", accepts: accepts, standardInput: fd) == "standard input")
    }

    @Test("folders are searched recursively in byte order; hidden files and other names are skipped")
    func expansion() throws {
        let dir = makeFolder()
        mkdir(dir + "/sub", 0o700)
        for name in ["b.csv", "a.csv", ".hidden.csv", "notes.txt", "sub/c.csv"] { try AtomicFile.write("x\n", to: dir + "/" + name) }
        let items = try InputPaths.expand([dir, "-", dir + "/a.csv"], accepts: { $0.hasSuffix(".csv") }, otherFileReason: "no")
        #expect(items == [.file(dir + "/a.csv"), .file(dir + "/b.csv"), .file(dir + "/sub/c.csv"), .standardInput])
        #expect(throws: FileError(path: dir + "/notes.txt", reason: "not a table")) {
            try InputPaths.expand([dir + "/notes.txt"], accepts: { $0.hasSuffix(".csv") }, otherFileReason: "not a table")
        }
    }
}

@Suite("Progress line")
struct ProgressLineTests {
    @Test func silentWhenStandardErrorIsNotATerminal() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let progress = ProgressLine(verb: "scored", fileDescriptor: fds[1])
        #expect(!progress.isEnabled)
        for i in 0..<1000 { progress.update(i) }
        progress.finish()
        close(fds[1])
        var byte: UInt8 = 0
        #expect(read(fds[0], &byte, 1) == 0)  // nothing was written: end of file at once
    }

    @Test func countsAreGroupedInThousands() {
        #expect(ProgressLine.grouped(120_000) == "120,000")
        #expect(ProgressLine.grouped(1_234_567) == "1,234,567")
        #expect(ProgressLine.grouped(999) == "999")
    }
}

/// `makedev` (a C macro, not visible to Swift) for small major and minor numbers on Linux.
func deviceNumber(_ major: UInt32, _ minor: UInt32) -> dev_t {
    dev_t((major & 0xfff) << 8 | (minor & 0xff))
}
