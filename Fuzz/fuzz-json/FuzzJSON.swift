// Fuzz target: the one JSON reader and writer on arbitrary bytes. Whatever reads must write in every style and
// read back as the same value (a failure is a crash, so the engine keeps the input).
import FuzzSupport
import JSON

@main
enum FuzzJSON {
    static func main() {
        runFuzzTarget { bytes in
            guard let value = try? JSONReader.read(bytes, limits: JSONLimits(maximumBytes: 1 << 20)) else { return }
            for style in [JSONWriter.Style.compact, .line, .pretty] {
                guard let text = try? JSONWriter.write(value, style: style) else {
                    fatalError("a value the reader accepted could not be written (\(style))")
                }
                let again = try? JSONReader.read(text, limits: JSONLimits(maximumBytes: 1 << 26))
                guard again == value else { fatalError("written JSON did not read back as the same value (\(style))") }
            }
        }
    }
}
