// Runs a fuzz target: under libFuzzer (built with FUZZING and -sanitize=fuzzer, see Fuzz/run) the engine drives
// `body` with generated inputs; built normally, every file named on the command line is replayed once (a seed
// corpus, a crash reproduction), so the targets also build and run with a plain `swift build`.
import Foundation

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The input handler the C callback calls (set once, before the engine starts).
nonisolated(unsafe) private var handler: ([UInt8]) -> Void = { _ in }
#endif

/// Runs `body` on fuzzer-generated inputs (FUZZING) or on the files given as arguments; never returns.
public func runFuzzTarget(_ body: @escaping ([UInt8]) -> Void) -> Never {
    #if FUZZING
    handler = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        handler(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
    exit(status)
    #else
    var replayed = 0
    for path in CommandLine.arguments.dropFirst() {
        let files: [String]
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
        } else {
            files = [path]
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            body([UInt8](data))
            replayed += 1
        }
    }
    print("replayed \(replayed) inputs without a crash")
    exit(0)
    #endif
}
